import Link from "bridge/link";

export default function Home() {
  return (
    <>
      <title>Home</title>
      <h1>Home</h1>
      <Link href="/admin" data-testid="admin">
        Admin
      </Link>
      <Link href="/admin/users" data-testid="users">
        Users
      </Link>
    </>
  );
}
