import Link from "bridge/link";
import Item from "../../../shared/Item.jsx";

export default function Page(props) {
  return <Item {...props} Link={Link} />;
}
