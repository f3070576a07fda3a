// Step two of a report: lay the collected facts out as a PDF with pdfkit. Page 1 holds the title, the
// key facts and the table of contents (filled in last, when section pages are known); every page gets
// a footer with its number, the generation time and the generator version. The lineage graph is drawn
// as vector graphics with a layered layout (depth from the subject = column), on a page sized to fit.
import PDFDocument from 'pdfkit';
import type {
  TAuditSection,
  TDatasetVersionReport,
  TDatasetVersionView,
  THiddenDatasetVersion,
  TLineageView,
  TModelVersionReport,
  TReport,
} from './types';

type TDoc = PDFKit.PDFDocument;
type TColumn = { header: string; width: number; mono?: boolean };

const MARGIN = 50;
const FOOTER = 30;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MONO = 'Courier';
const TOC_LINE = 15;

/** Standard PDF fonts speak WinAnsi: map common typography, replace what cannot be shown. */
export function pdfSafe(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\u2192/g, '->')
    .replace(/\u2265/g, '>=')
    .replace(/\u2264/g, '<=')
    .replace(/\u2016/g, '||')
    .replace(/[^\n\x20-\x7e\xa0-\xff]/g, '?');
}

const day = (isoTime: string | null | undefined) => (isoTime ? isoTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');
const bytes = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

class Writer {
  readonly toc: { title: string; page: number; dest: string }[] = [];
  tocY = 0;
  constructor(readonly doc: TDoc) {}

  get width() {
    return this.doc.page.width - MARGIN * 2;
  }
  get bottom() {
    return this.doc.page.height - MARGIN - FOOTER;
  }

  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  section(title: string) {
    const doc = this.doc;
    doc.addPage();
    const dest = `section-${this.toc.length + 1}`;
    doc.addNamedDestination(dest);
    this.toc.push({ title, page: this.pageIndex(), dest });
    doc.outline.addItem(title);
    doc.font(BOLD).fontSize(16).fillColor('#111111').text(pdfSafe(title), MARGIN, MARGIN, { width: this.width });
    doc.moveDown(0.5);
  }

  pageIndex() {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  heading(title: string) {
    this.ensure(40);
    this.doc.moveDown(0.4).font(BOLD).fontSize(11).fillColor('#111111').text(pdfSafe(title), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  para(text: string, opts: { muted?: boolean; size?: number } = {}) {
    const doc = this.doc;
    doc.font(FONT).fontSize(opts.size ?? 9.5).fillColor(opts.muted ? '#555555' : '#111111');
    this.ensure(doc.heightOfString(pdfSafe(text), { width: this.width }));
    doc.text(pdfSafe(text), MARGIN, doc.y, { width: this.width });
    doc.moveDown(0.3);
  }

  /** Label / value rows; hashes and other machine values in monospace. */
  facts(rows: [string, string, boolean?][]) {
    const doc = this.doc;
    const labelWidth = 130;
    const valueWidth = this.width - labelWidth - 8;
    for (const [label, value, mono] of rows) {
      doc.font(mono ? MONO : FONT).fontSize(mono ? 8.5 : 9.5);
      const h = Math.max(doc.heightOfString(pdfSafe(value || '-'), { width: valueWidth }), 11);
      this.ensure(h + 3);
      const y = doc.y;
      doc.font(BOLD).fontSize(9).fillColor('#444444').text(pdfSafe(label), MARGIN, y, { width: labelWidth });
      doc.font(mono ? MONO : FONT).fontSize(mono ? 8.5 : 9.5).fillColor('#111111').text(pdfSafe(value || '-'), MARGIN + labelWidth + 8, y, { width: valueWidth });
      doc.y = Math.max(doc.y, y + h) + 3;
    }
  }

  table(columns: TColumn[], rows: string[][], empty = 'None recorded.') {
    const doc = this.doc;
    if (rows.length === 0) return this.para(empty, { muted: true });
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const header = () => {
      this.ensure(30);
      const y = doc.y;
      doc.font(BOLD).fontSize(8.5).fillColor('#333333');
      let x = MARGIN;
      columns.forEach((c, i) => {
        doc.text(pdfSafe(c.header), x, y, { width: widths[i]! - 4 });
        x += widths[i]!;
      });
      const line = y + 12;
      doc.moveTo(MARGIN, line).lineTo(MARGIN + this.width, line).lineWidth(0.5).strokeColor('#999999').stroke();
      doc.y = line + 3;
    };
    header();
    for (const row of rows) {
      const heights = row.map((cell, i) => {
        doc.font(columns[i]!.mono ? MONO : FONT).fontSize(columns[i]!.mono ? 7.5 : 8.5);
        return doc.heightOfString(pdfSafe(cell || '-'), { width: widths[i]! - 4 });
      });
      const h = Math.max(...heights, 10);
      if (doc.y + h > this.bottom) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      let x = MARGIN;
      row.forEach((cell, i) => {
        doc.font(columns[i]!.mono ? MONO : FONT).fontSize(columns[i]!.mono ? 7.5 : 8.5).fillColor('#111111');
        doc.text(pdfSafe(cell || '-'), x, y, { width: widths[i]! - 4 });
        x += widths[i]!;
      });
      doc.y = y + h + 3;
    }
    doc.moveDown(0.3);
  }
}

/** Renders the report as PDF bytes. */
export async function renderReportPdf(report: TReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: pdfSafe(report.title),
      Author: 'Modelgate',
      Creator: `Modelgate ${report.generator.version}`,
      Producer: `Modelgate ${report.generator.version} (pdfkit)`,
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  titlePage(w, report);
  if (report.kind === 'model-version-report') modelVersionSections(w, report);
  else datasetVersionSections(w, report);
  aboutSection(w, report);
  fillToc(w);
  footers(w, report);
  doc.end();
  return done;
}

function titlePage(w: Writer, report: TReport) {
  const doc = w.doc;
  doc.rect(0, 0, doc.page.width, 8).fill('#1f4e79');
  doc.font(BOLD).fontSize(22).fillColor('#111111').text(pdfSafe(report.title), MARGIN, 70, { width: w.width });
  doc.moveDown(0.3);
  doc.font(FONT).fontSize(10).fillColor('#444444').text(pdfSafe(`${report.subject.type} ${report.subject.id} - team ${report.subject.teamName}`), { width: w.width });
  doc.moveDown(1);
  const hashLabel = report.kind === 'model-version-report' ? 'Artifact SHA-256' : 'Content SHA-256';
  const hash = report.kind === 'model-version-report' ? report.facts.artifact.sha256 : report.dataset.sha256;
  w.facts([
    ['Generated at', day(report.generatedAt)],
    ['Generated for', `${report.generatedFor.label}${report.generatedFor.roles.length ? ` (${report.generatedFor.roles.join(', ')})` : ''}`],
    ['Generator', `${report.generator.name} ${report.generator.version}, report format ${report.formatVersion}`],
    [hashLabel, hash, true],
    ['Audit verification', report.audit.verification?.summary ?? report.audit.note ?? 'Not verified.'],
  ]);
  if (report.kind === 'model-version-report') {
    const approvers = [...new Set(report.promotions.flatMap((p) => p.reviews.filter((r) => r.decision === 'approve').map((r) => r.reviewer)))];
    w.facts([
      ['Promotions', report.promotions.map((p) => `${p.environment}: ${p.state}`).join(', ') || 'none'],
      ['Approvers', approvers.join(', ') || 'none'],
    ]);
  }
  doc.moveDown(1);
  doc.font(BOLD).fontSize(14).fillColor('#111111').text('Contents', MARGIN, doc.y);
  doc.moveDown(0.3);
  w.tocY = doc.y;
}

function modelVersionSections(w: Writer, r: TModelVersionReport) {
  const f = r.facts;
  const code = (c: TModelVersionReport['facts']['trainingCode']) => ('commit' in c ? `${c.repository} @ ${c.commit}` : `content sha256 ${c.contentSha256}`);
  w.section('1. Model version');
  w.facts([
    ['Model', `${f.model} (team ${f.team}, risk tier ${f.riskTier})`],
    ['Version', String(f.version)],
    ['Description', f.description],
    ['Tags', f.tags.join(', ')],
    ['Owner', f.owner ? `${f.owner.name} <${f.owner.email}>` : '-'],
    ['Registered by', f.createdBy ? `${f.createdBy.name} <${f.createdBy.email}>` : '-'],
    ['Registered at', day(f.createdAt)],
    ['Model version id', r.subject.id, true],
    ['Artifact SHA-256', f.artifact.sha256, true],
    ['Artifact', `${f.artifact.format}, ${bytes(f.artifact.size)} (${f.artifact.size} bytes)`],
    ['Training code', code(f.trainingCode), true],
    ['Prediction code', code(f.predictionCode), true],
    ['Lockfile SHA-256', f.lockfileSha256 ?? 'none recorded', true],
  ]);
  w.heading('Dependencies');
  w.table([{ header: 'Library', width: 2 }, { header: 'Version', width: 1, mono: true }], Object.entries(f.dependencies).map(([k, v]) => [k, v]), 'No dependencies recorded.');
  w.heading('Metrics');
  w.table([{ header: 'Metric', width: 2 }, { header: 'Value', width: 1, mono: true }], Object.entries(f.metrics).map(([k, v]) => [k, String(v)]), 'No metrics recorded.');
  w.heading('Parameters');
  w.table([{ header: 'Parameter', width: 2 }, { header: 'Value', width: 1, mono: true }], Object.entries(f.parameters).map(([k, v]) => [k, String(v)]), 'No parameters recorded.');
  w.heading('Signature');
  const shape = (s: (number | string | null)[] | null) => (s ? `[${s.map((d) => d ?? '?').join(', ')}]` : 'unknown');
  w.table(
    [{ header: 'Direction', width: 1 }, { header: 'Name', width: 2 }, { header: 'Type', width: 1 }, { header: 'Shape', width: 2, mono: true }],
    f.signature ? [...f.signature.inputs.map((t) => ['input', t.name, t.type, shape(t.shape)]), ...f.signature.outputs.map((t) => ['output', t.name, t.type, shape(t.shape)])] : [],
    'No ONNX signature (not an ONNX artifact).',
  );

  w.section('2. Model card');
  w.heading('Intended use');
  w.para(r.modelCard.intendedUse || 'Not stated.');
  w.heading('Limitations');
  w.para(r.modelCard.limitations || 'Not stated.');
  w.heading('Ethical considerations');
  w.para(r.modelCard.ethicalConsiderations || 'Not stated.');

  lineageSection(w, '3. Lineage graph', r.lineage, r.subject.id);

  w.section('4. Training data');
  if (r.trainingData.length === 0) w.para('No training dataset versions recorded for this model version.', { muted: true });
  for (const d of r.trainingData) datasetBlock(w, d, true);

  w.section('5. Promotions and approvals');
  if (r.promotionsNote) w.para(r.promotionsNote, { muted: true });
  if (r.promotions.length === 0) w.para('No promotion requests recorded.', { muted: true });
  for (const p of r.promotions) {
    w.heading(`${p.environment}: ${p.state}`);
    w.facts([
      ['Request id', p.id, true],
      ['Requested by', p.requester],
      ['Justification', p.justification],
      ['Policy version', String(p.policyVersion)],
      ['Bound artifact', p.boundTo.artifactSha256, true],
      ['Bound training code', p.boundTo.trainingCodeHash, true],
      ['Bound prediction code', p.boundTo.predictionCodeHash, true],
      ['Approval expires', day(p.approvalExpiresAt)],
      ...(p.revokedAt ? ([['Revoked', `${day(p.revokedAt)}: ${p.revokeReason ?? ''}`]] as [string, string][]) : []),
    ]);
    w.table(
      [{ header: 'Reviewer', width: 3 }, { header: 'Roles', width: 2 }, { header: 'Decision', width: 1 }, { header: 'Time', width: 2 }, { header: 'Comment', width: 3 }],
      p.reviews.map((v) => [v.reviewer, v.roles.join(', '), v.decision, day(v.at), v.comment]),
      'No reviews.',
    );
    w.table([{ header: 'Check', width: 2 }, { header: 'Passed', width: 1 }, { header: 'Explanation', width: 5 }], p.checks.map((c) => [c.name, c.passed ? 'yes' : 'NO', c.explanation]), 'No checks recorded.');
    w.table([{ header: 'Time', width: 2 }, { header: 'Who', width: 2 }, { header: 'What', width: 5 }], p.timeline.map((t) => [day(t.at), t.who ?? 'Modelgate', t.what]));
  }

  w.section('6. Attestations');
  if (r.attestations.length === 0) w.para('No attestations issued (no approved promotion).', { muted: true });
  for (const a of r.attestations) {
    w.heading(`Approval attestation for ${a.environment}`);
    w.facts([
      ['Promotion request', a.promotionId, true],
      ['Envelope', `DSSE, payload type ${a.payloadType}`],
      ['Predicate type', a.predicateType ?? '-'],
      ['Signing keys', a.keyIds.join(', '), true],
      ['Envelope SHA-256', a.envelopeSha256, true],
      ['Subject', a.subject.map((s) => `${s.name} sha256:${s.sha256}`).join('\n'), true],
      ['Approvers', a.approvers.join(', ')],
      ['Expires', day(a.expiresAt)],
    ]);
  }

  w.section('7. Deployments');
  if (r.deployments.note) w.para(r.deployments.note, { muted: true });
  w.table(
    [{ header: 'Environment', width: 2 }, { header: 'Kind', width: 1 }, { header: 'By', width: 2 }, { header: 'Deployed', width: 2 }, { header: 'Superseded', width: 2 }, { header: 'Note', width: 3 }],
    r.deployments.items.map((d) => [d.environment, d.kind, d.deployedBy, day(d.createdAt), day(d.supersededAt), d.note]),
    'No deployments recorded.',
  );

  w.section('8. Prediction volume');
  if (r.predictions.note) w.para(r.predictions.note, { muted: true });
  const vol = r.predictions.volume;
  if (vol) {
    w.facts([
      ['Predictions', String(vol.total)],
      ['First / last', `${day(vol.firstAt)} / ${day(vol.lastAt)}`],
      ['Latency p50 / p95', `${vol.latencyP50Ms?.toFixed(1) ?? '-'} ms / ${vol.latencyP95Ms?.toFixed(1) ?? '-'} ms`],
    ]);
    w.table([{ header: 'Environment', width: 2 }, { header: 'Predictions', width: 1 }], vol.byEnvironment.map((e) => [e.environment, String(e.count)]));
    w.table([{ header: 'Day (UTC)', width: 2 }, { header: 'Predictions', width: 1 }], vol.byDay.map((d) => [d.day, String(d.count)]));
  }

  w.section('9. Drift summary');
  if (r.drift.note) w.para(r.drift.note, { muted: true });
  if (r.drift.summary) {
    const d = r.drift.summary;
    w.facts([
      ['Computed at', day(d.computedAt)],
      ['Reference', d.profileSource === 'dataset' ? 'the training dataset version' : 'the first recorded predictions'],
      ['Window', `${day(d.window.start)} - ${day(d.window.end)}, ${d.window.rows} input rows${d.window.judged ? '' : ' (too few to judge)'}`],
      ['Thresholds', `PSI >= ${d.thresholds.psi}, KS >= ${d.thresholds.ks}${d.thresholds.custom ? ' (set for this version)' : ' (defaults)'}`],
    ]);
    w.table(
      [{ header: 'Alert', width: 1 }, { header: 'State', width: 1 }, { header: 'Opened', width: 2 }, { header: 'Resolved', width: 2 }, { header: 'Summary', width: 4 }],
      d.alerts.map((a) => [a.kind, a.state, day(a.openedAt), day(a.resolvedAt), a.summary]),
      'No monitoring alerts.',
    );
    w.table(
      [{ header: 'Feature', width: 3 }, { header: 'PSI', width: 1, mono: true }, { header: 'KS', width: 1, mono: true }, { header: 'Status', width: 1 }],
      r.drift.summary.features.map((x) => [x.feature, x.psi.toFixed(4), x.ks === null ? '-' : x.ks.toFixed(4), x.status]),
    );
  }

  auditSection(w, '10. Audit trail', r.audit);
}

function datasetVersionSections(w: Writer, r: TDatasetVersionReport) {
  w.section('1. Dataset version');
  datasetBlock(w, r.dataset, false);
  w.section('2. Models trained on it');
  if (r.hiddenTrainedModels) w.para(`${r.hiddenTrainedModels} model version(s) of teams you cannot see were also trained on it.`, { muted: true });
  w.table(
    [{ header: 'Model', width: 3 }, { header: 'Version', width: 1 }, { header: 'Artifact SHA-256', width: 6, mono: true }],
    r.trainedModels.map((m) => [m.model, String(m.version), m.artifactSha256]),
    'No model version records training on this dataset version.',
  );
  lineageSection(w, '3. Lineage graph', r.lineage, r.subject.id);
  auditSection(w, '4. Audit trail', r.audit);
}

function datasetBlock(w: Writer, d: TDatasetVersionView | THiddenDatasetVersion, asTraining: boolean) {
  if ('hidden' in d) {
    w.heading('A dataset version you may not read');
    w.para('This training dataset version belongs to a team you cannot see; its name and findings are left out.', { muted: true });
    return;
  }
  if (asTraining) w.heading(`${d.dataset} v${d.number} (${d.classification ?? 'not classified'})`);
  w.facts([
    ['Dataset version id', d.id, true],
    ['Dataset', `${d.dataset} (team ${d.team}, owner ${d.owner})`],
    ['File', `${d.fileName}, ${d.format}, ${bytes(d.size)}${d.rowCount === null ? '' : `, ${d.rowCount} rows`}`],
    ['Content SHA-256', d.sha256, true],
    ['Classification', d.classification ?? 'not classified yet'],
    ['Uploaded', day(d.createdAt)],
    [
      'PII scan',
      d.scan ? `${d.scan.status} (scanner ${d.scan.scannerVersion}${d.scan.finishedAt ? `, finished ${day(d.scan.finishedAt)}` : ''}${d.scan.errorCode ? `, ${d.scan.errorCode}` : ''})` : 'no scan visible',
    ],
    ...(d.restrictedException
      ? ([['Restricted-data exception', `approved by ${d.restrictedException.approvedBy} at ${day(d.restrictedException.approvedAt)}: ${d.restrictedException.reason}`]] as [string, string][])
      : []),
  ]);
  w.heading('Scan findings');
  w.table(
    [{ header: 'Location', width: 2 }, { header: 'Entity', width: 2 }, { header: 'Count', width: 1 }, { header: 'Confidence', width: 1 }, { header: 'Detector', width: 2 }],
    (d.scan?.findings ?? []).map((x) => [x.location, x.entityType, String(x.count), x.confidence.toFixed(2), x.detector]),
    'No findings.',
  );
  w.heading('Classification history');
  w.table(
    [{ header: 'Time', width: 2 }, { header: 'From', width: 1 }, { header: 'To', width: 1 }, { header: 'By', width: 2 }, { header: 'Reason', width: 4 }],
    d.classificationHistory.map((c) => [day(c.at), c.from ?? '-', c.to, c.by, c.reason]),
    'No classification recorded.',
  );
  w.heading(asTraining ? 'Access grants (covered = live when the model version was registered)' : 'Access grants');
  if (d.grantsNote) w.para(d.grantsNote, { muted: true });
  w.table(
    [{ header: 'User', width: 3 }, { header: 'Purpose', width: 3 }, { header: 'Decided by', width: 2 }, { header: 'From', width: 2 }, { header: 'Until', width: 2 }, ...(asTraining ? [{ header: 'Covered', width: 1 }] : [])],
    d.grants.map((g) => [
      g.user,
      g.purpose,
      g.decidedBy ?? '-',
      day(g.startsAt),
      g.revokedAt ? `revoked ${day(g.revokedAt)}` : day(g.expiresAt),
      ...(asTraining ? [g.coveredTraining ? 'yes' : 'no'] : []),
    ]),
    'No access grants recorded.',
  );
}

const KIND_COLORS: Record<string, string> = {
  dataset_version: '#dbeafe',
  training_run: '#fef3c7',
  model_version: '#dcfce7',
  deployment: '#fce7f3',
  prediction_batch: '#ede9fe',
  external_dataset: '#e0f2fe',
  external_job: '#fff7ed',
  external_run: '#fff7ed',
  hidden: '#e5e7eb',
};

/** Columns by depth; rows ordered by the mean row of each node's neighbours in the column before (one barycentre pass). */
export function layoutLineage(lineage: TLineageView) {
  const depths = [...new Set(lineage.nodes.map((n) => n.depth))].sort((a, b) => a - b);
  const column = new Map(depths.map((d, i) => [d, i]));
  const layers: string[][] = depths.map(() => []);
  const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
  const neighbours = new Map<string, string[]>();
  for (const e of lineage.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    (neighbours.get(e.to) ?? neighbours.set(e.to, []).get(e.to)!).push(e.from);
    (neighbours.get(e.from) ?? neighbours.set(e.from, []).get(e.from)!).push(e.to);
  }
  for (const n of lineage.nodes) layers[column.get(n.depth)!]!.push(n.id);
  const row = new Map<string, number>();
  layers.forEach((layer, i) => {
    const key = (id: string) => {
      if (i === 0) return 0;
      const prev = (neighbours.get(id) ?? []).map((x) => row.get(x)).filter((r): r is number => r !== undefined);
      return prev.length ? prev.reduce((a, b) => a + b, 0) / prev.length : Number.MAX_SAFE_INTEGER;
    };
    const keyed = layer.map((id) => ({ id, k: key(id), label: byId.get(id)!.label }));
    keyed.sort((a, b) => a.k - b.k || a.label.localeCompare(b.label));
    keyed.forEach((x, j) => row.set(x.id, j));
    layers[i] = keyed.map((x) => x.id);
  });
  return { layers, column: (id: string) => column.get(byId.get(id)!.depth)!, row: (id: string) => row.get(id)! };
}

function lineageSection(w: Writer, title: string, lineage: TLineageView, subjectId: string) {
  w.section(title);
  const doc = w.doc;
  if (lineage.note) w.para(lineage.note, { muted: true });
  if (lineage.nodes.length === 0) {
    w.para('No lineage recorded: none recorded for this subject.', { muted: true });
    return;
  }
  w.para(
    `${lineage.nodes.length} nodes and ${lineage.edges.length} edges, upstream (left) to downstream (right); columns are hops from the subject (outlined).` +
      `${lineage.truncated ? ' The walk stopped at its depth or size limit.' : ''} Node kinds: dataset version (blue), training run (yellow), model version (green), deployment (pink), prediction batch (violet), external (light), hidden (grey).`,
    { muted: true },
  );
  const { layers, column, row } = layoutLineage(lineage);
  const maxRows = Math.max(...layers.map((l) => l.length));
  const MAX_PAGE = 14_400;
  let colW = 170;
  let boxW = 130;
  let rowH = 24;
  let boxH = 18;
  const pad = 40;
  const a4 = { w: doc.page.width, h: doc.page.height };
  // On this page when the columns fit its width at a readable size and the rows fit below the text.
  const a4ColW = Math.min(colW, w.width / layers.length);
  const fitsHere = a4ColW >= 100 && doc.y + maxRows * rowH + 10 <= w.bottom;
  if (fitsHere) {
    colW = a4ColW;
    boxW = Math.min(boxW, colW - 28);
  }
  let originX = MARGIN;
  let originY = doc.y + 6;
  if (!fitsHere) {
    // A page of its own, sized to the graph (PDF pages may be up to 200 inches each way); shrink rows to fit beyond that.
    if (maxRows * rowH + pad * 2 > MAX_PAGE) {
      rowH = (MAX_PAGE - pad * 2) / maxRows;
      boxH = Math.max(rowH * 0.75, 2);
    }
    if (layers.length * colW + pad * 2 > MAX_PAGE) {
      colW = (MAX_PAGE - pad * 2) / layers.length;
      boxW = colW * 0.76;
    }
    const width = Math.max(a4.w, layers.length * colW + pad * 2);
    const height = Math.min(MAX_PAGE, Math.max(a4.h, maxRows * rowH + pad * 2 + 20));
    doc.addPage({ size: [width, height], margin: 0 });
    doc.font(BOLD).fontSize(10).fillColor('#111111').text(pdfSafe(`${title} (continued): ${lineage.nodes.length} nodes`), pad, 14, { lineBreak: false });
    originX = pad;
    originY = pad;
  }
  // Centre each column's rows on the tallest column.
  const offset = (id: string) => ((maxRows - layers[column(id)]!.length) * rowH) / 2;
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of lineage.nodes) pos.set(n.id, { x: originX + column(n.id) * colW, y: originY + offset(n.id) + row(n.id) * rowH });
  doc.lineWidth(Math.min(0.6, boxH / 20)).strokeColor('#8a8a8a');
  for (const e of lineage.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + boxW;
    const y1 = a.y + boxH / 2;
    const x2 = b.x;
    const y2 = b.y + boxH / 2;
    const mid = (x1 + x2) / 2;
    doc.moveTo(x1, y1).bezierCurveTo(mid, y1, mid, y2, x2, y2).stroke();
    if (boxH >= 8) doc.moveTo(x2, y2).lineTo(x2 - 4, y2 - 2.5).lineTo(x2 - 4, y2 + 2.5).closePath().fill('#8a8a8a');
  }
  const fontSize = Math.min(7.5, boxH * 0.45);
  for (const n of lineage.nodes) {
    const p = pos.get(n.id)!;
    doc.roundedRect(p.x, p.y, boxW, boxH, Math.min(3, boxH / 4)).fill(KIND_COLORS[n.kind] ?? '#f3f4f6');
    if (n.id === subjectId || n.depth === 0) doc.roundedRect(p.x, p.y, boxW, boxH, Math.min(3, boxH / 4)).lineWidth(1.2).strokeColor('#1f4e79').stroke();
    if (fontSize >= 2.5) {
      doc.font(n.depth === 0 ? BOLD : FONT).fontSize(fontSize).fillColor('#111111');
      doc.text(pdfSafe(n.label), p.x + 3, p.y + (boxH - fontSize) / 2, { width: boxW - 6, height: boxH, lineBreak: false, ellipsis: true });
    }
  }
  doc.lineWidth(1);
  // On its own page the graph ends the section (the next one starts a new A4 page).
  if (fitsHere) doc.y = originY + maxRows * rowH + 8;
}

function auditSection(w: Writer, title: string, audit: TAuditSection) {
  w.section(title);
  w.heading('Chain verification');
  if (audit.verification) {
    w.para(audit.verification.summary);
    w.facts([
      ['Result', audit.verification.ok ? 'VERIFIED' : 'NOT VERIFIED'],
      ['Events re-derived', `1 - ${audit.verification.checkedSize}`],
      ['Head hash', audit.verification.headHash, true],
    ]);
  } else {
    w.para(audit.note ?? 'Not verified.', { muted: true });
  }
  w.heading('Signed checkpoint covering these events');
  if (audit.checkpoint) {
    const c = audit.checkpoint;
    w.facts([
      ['Checkpoint', `#${c.id}: ${c.size} events, signed ${day(c.signedAt)}`],
      ['Head hash', c.headHash, true],
      ['Key id', c.keyId, true],
      ['Signature (Ed25519)', c.signature, true],
      ['Signature valid', c.signatureValid ? 'yes' : 'NO'],
      ['Matches the chain', c.matchesChain ? 'yes' : 'NO'],
    ]);
  } else {
    w.para('No checkpoint shown.', { muted: true });
  }
  w.heading(`Events (${audit.events.length}${audit.omitted ? ` newest; ${audit.omitted} older not listed` : ''})`);
  if (audit.note && audit.verification) w.para(audit.note, { muted: true });
  w.table(
    [{ header: 'Seq', width: 1 }, { header: 'Time', width: 3 }, { header: 'Actor', width: 3 }, { header: 'Action', width: 3 }, { header: 'Outcome', width: 1.5 }, { header: 'Chain hash', width: 3, mono: true }],
    audit.events.map((e) => [String(e.seq), day(e.at), e.actor, e.action, e.outcome, e.chainHash.slice(0, 16)]),
    'No audit events for these subjects.',
  );
}

function aboutSection(w: Writer, report: TReport) {
  w.section('About this report');
  w.para(
    `This report was generated by Modelgate ${report.generator.version} at ${day(report.generatedAt)} for ${report.generatedFor.label}. ` +
      'It contains what that reader may read; sections they may not see say so. ' +
      "The SHA-256 and size of this file were recorded in Modelgate's audit trail as a `report.generated` event in the same transaction that released it: " +
      'compute `sha256sum` of this file and find the event in the audit log (or an audit export verified with `modelgate verify-audit`).',
  );
  w.para('Hashes are SHA-256, lowercase hex. Times are UTC.', { muted: true });
}

function fillToc(w: Writer) {
  const doc = w.doc;
  doc.switchToPage(0);
  let y = w.tocY;
  for (const entry of w.toc) {
    doc.font(FONT).fontSize(10.5).fillColor('#1f4e79');
    doc.text(pdfSafe(entry.title), MARGIN, y, { width: w.width - 40, goTo: entry.dest, lineBreak: false });
    doc.fillColor('#111111').text(String(entry.page + 1), MARGIN + w.width - 40, y, { width: 40, align: 'right', lineBreak: false });
    y += TOC_LINE;
  }
}

function footers(w: Writer, report: TReport) {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 28;
    doc.font(FONT).fontSize(7.5).fillColor('#666666');
    doc.text(pdfSafe(`${report.title} - generated ${day(report.generatedAt)} by Modelgate ${report.generator.version}`), 30, y, {
      width: doc.page.width - 140,
      lineBreak: false,
    });
    doc.text(`Page ${i + 1} of ${range.count}`, doc.page.width - 110, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}
