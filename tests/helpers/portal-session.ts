import type { TScope } from '@/policies/vocabulary';
import type { TPortal } from './portal';

/** Cookies from Set-Cookie headers, as one Cookie header value. */
function cookiesOf(res: Response, previous = ''): string {
  const jar = new Map(previous.split('; ').filter(Boolean).map((c) => c.split('=', 2) as [string, string]));
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...value] = pair!.split('=');
    jar.set(name!, value.join('='));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Signs in through next-auth's credentials flow, as the sign-in page does, and returns the session cookie header. */
export async function signInOverHttp(portal: TPortal, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${portal.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let cookie = cookiesOf(csrf);
  const res = await fetch(`${portal.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  cookie = cookiesOf(res, cookie);
  if (!cookie.includes('session-token')) throw new Error(`sign-in as ${email} failed: HTTP ${res.status}`);
  return cookie;
}

/** Creates an API token for a user through the portal's tRPC API and returns its secret. */
export async function createTokenOverHttp(portal: TPortal, email: string, password: string, scopes: TScope[]): Promise<string> {
  const cookie = await signInOverHttp(portal, email, password);
  const res = await fetch(`${portal.url}/api/trpc/tokens.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ json: { name: `test-${scopes.join('-')}`, scopes, expiresInDays: 1 } }),
  });
  const body = (await res.json()) as { result?: { data: { json: { secret: string } } } };
  if (!body.result) throw new Error(`tokens.create failed: ${JSON.stringify(body)}`);
  return body.result.data.json.secret;
}
