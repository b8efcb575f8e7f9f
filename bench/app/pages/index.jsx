import Link from "bridge/link";
import List from "../../shared/List.jsx";

export default function Page(props) {
  return <List {...props} Link={Link} />;
}
