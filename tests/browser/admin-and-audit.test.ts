import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed/demo';
import { browserSkipReason, portalWithBrowser, signIn, signOut } from '../helpers/browser';

const skip = browserSkipReason();
const env = portalWithBrowser(skip);

test('every demo user can sign in and sees their roles', { skip }, async () => {
  const page = await env.browser.newPage();
  for (const user of DEMO_USERS) {
    await signIn(page, env.portal.url, user.email, DEMO_PASSWORD);
    await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
    await signOut(page);
  }
  await page.close();
});

test('a wrong password is refused with a message', { skip }, async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.portal.url}/signin`);
  await page.getByLabel('Email').fill('admin@modelgate.local');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
  assert.match(page.url(), /\/signin/);
  await page.close();
});

test('admin creates a data scientist, who then signs in', { skip }, async () => {
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'admin@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Users' }).click();
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Name').fill('Nina Newcomer');
  await form.getByLabel('Email').fill('nina@modelgate.local');
  await form.getByLabel(/Initial password/).fill('a-long-enough-password');
  await form.getByLabel('Data scientist').check();
  await form.getByLabel('Credit Risk').check();
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('status').filter({ hasText: 'Created nina@modelgate.local' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'nina@modelgate.local' });
  await row.getByText('Data scientist').waitFor();
  await signOut(page);

  await signIn(page, env.portal.url, 'nina@modelgate.local', 'a-long-enough-password');
  await page.getByRole('heading', { name: 'Welcome, Nina Newcomer' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0, 'a data scientist gets no admin link');
  await page.close();
});

test('the auditor sees those actions in the audit explorer, with the chain verified', { skip }, async () => {
  const page = await env.browser.newPage();
  await signIn(page, env.portal.url, 'auditor@modelgate.local', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByTestId('chain-status').getByText('Chain verified').waitFor();
  const filters = page.getByRole('form', { name: 'Filter events' });
  await filters.getByLabel('Actor (email or id)').fill('admin@modelgate.local');
  await filters.getByRole('button', { name: 'Filter' }).click();
  const created = page.getByRole('row').filter({ hasText: 'user.created' }).filter({ hasText: 'nina@modelgate.local' });
  await created.waitFor();
  assert.match((await created.textContent()) ?? '', /admin@modelgate\.local/);
  await filters.getByLabel('Actor (email or id)').fill('nina@modelgate.local');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('row').filter({ hasText: 'auth.signed_in' }).first().waitFor();
  await page.close();
});
