import Link from "next/link";
import List from "../../shared/List.jsx";
import { listProps, rowCount } from "../../shared/rows.js";

export function getServerSideProps({ query }) {
  return { props: listProps(rowCount(query.n)) };
}

export default function Page(props) {
  return <List {...props} Link={Link} />;
}
