import { Form } from "bridge/form";

export default function Users({ users }) {
  return (
    <Form method="post">
      <title>Users</title>
      <ul>
        {users.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      <input name="name" aria-label="Name" />
      <button>Add</button>
    </Form>
  );
}
