import Link from "next/link";
import Item from "../../../shared/Item.jsx";
import { itemProps } from "../../../shared/rows.js";

export function getServerSideProps({ params }) {
  const props = itemProps(params.id);
  return props ? { props } : { notFound: true };
}

export default function Page(props) {
  return <Item {...props} Link={Link} />;
}
