import type { TPromotionPolicy } from './types';

/** The checks a policy can require (issue #5); the workflow runs them and reports TCheckResults. */
export const PROMOTION_CHECKS = [
  'training-scans-finished',
  'no-restricted-findings-without-exception',
  'model-card-complete',
  'metric-thresholds',
] as const;
export type TPromotionCheck = (typeof PROMOTION_CHECKS)[number];

type TPolicyRules = Omit<TPromotionPolicy, 'id' | 'version' | 'requiredChecks'> & { requiredChecks: TPromotionCheck[] };

/** The policies each environment starts with (version 1); governance officers edit them later. */
export const DEFAULT_POLICIES: TPolicyRules[] = [
  {
    environment: 'staging',
    requiredApprovals: 1,
    eligibleRoles: ['ml_engineer', 'governance_officer'],
    minimumFromRole: [],
    requiredChecks: ['training-scans-finished', 'model-card-complete', 'metric-thresholds'],
  },
  {
    environment: 'production',
    requiredApprovals: 2,
    eligibleRoles: ['governance_officer', 'ml_engineer'],
    minimumFromRole: [{ role: 'governance_officer', count: 1 }],
    requiredChecks: [...PROMOTION_CHECKS],
  },
];
