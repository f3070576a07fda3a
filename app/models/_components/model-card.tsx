import type { TModelCard } from '@/db/schema';

/** Plain text with blank-line paragraphs and "- " bullet lines, rendered without any HTML from the input. */
function CardText({ text }: { text: string }) {
  if (!text.trim()) return <p className="muted">Not stated.</p>;
  return (
    <>
      {text.split(/\n\s*\n/).map((block, i) => {
        const lines = block.split('\n').filter((l) => l.trim());
        return lines.every((l) => /^\s*[-*] /.test(l)) ? (
          <ul key={i}>
            {lines.map((l, j) => (
              <li key={j}>{l.replace(/^\s*[-*] /, '')}</li>
            ))}
          </ul>
        ) : (
          <p key={i}>{block}</p>
        );
      })}
    </>
  );
}

export function ModelCard({ card }: { card: TModelCard }) {
  return (
    <section className="card" aria-label="Model card">
      <h2>Model card</h2>
      <h3>Intended use</h3>
      <CardText text={card.intendedUse} />
      <h3>Limitations</h3>
      <CardText text={card.limitations} />
      <h3>Ethical considerations</h3>
      <CardText text={card.ethicalConsiderations} />
    </section>
  );
}
