import { pageAllows } from '@/server/auth/page-guard';
import { UsersAdmin } from './users-admin';

export default async function UsersPage() {
  const { allowed } = await pageAllows('/admin/users', 'create', 'User');
  if (!allowed) return <p className="error">Only admins manage users.</p>;
  return (
    <section>
      <h1>Users</h1>
      <UsersAdmin />
    </section>
  );
}
