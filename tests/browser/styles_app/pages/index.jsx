// Global CSS only; its .title is the panel module's.
import styles from "./_components/panel.module.css";

export default function Home() {
  return <h1 className={styles.title}>Home</h1>;
}
