import Card from "./_components/Card";

export default function CardPage() {
  return (
    <Card title="A card">
      <p>Styled by card.module.css.</p>
    </Card>
  );
}
