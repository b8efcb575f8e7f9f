// A component with its own CSS Module and an imported image.
import styles from "./card.module.css";
import logo from "./logo.png";

export default function Card({ title, children }) {
  return (
    <div className={styles.card} data-testid="card">
      <img src={logo} alt="" width="1" height="1" />
      <h2 className={styles.title}>{title}</h2>
      {children}
    </div>
  );
}
