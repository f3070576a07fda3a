// Next.js calls register() once when a server process starts: open (migrate, seed) the
// database and start the background work, so the first request does not pay for it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startBackgroundWork } = await import('./server/background');
  await startBackgroundWork();
}
