import "./_styles/sheet.css";

export default function Sheet() {
  return <h1 className="sheet-title">Sheet</h1>;
}
