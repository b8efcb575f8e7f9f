export default function Ext() {
  return <h1>Never rendered: ext.py redirects</h1>;
}
