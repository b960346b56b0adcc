// The inputs of a management review (9.3.2), section by section: figures, then the records.
import { Link, sectionHref, type SectionId } from '../../router';
import type { InputSection } from './api';

const WHERE: Record<string, SectionId> = {
  nonconformities: 'nonconformities',
  incidents: 'incidents',
  improvements: 'improvements',
  risks: 'risks',
  objectives: 'objectives',
  management_review_actions: 'reviews',
};

export function InputSections({ slug, sections }: { slug: string; sections: InputSection[] }) {
  return (
    <>
      {sections.map((s) => (
        <section key={s.key} aria-labelledby={`input-${s.key}`} className="review-input">
          <h3 id={`input-${s.key}`}>
            {s.title} <span className="clause">{s.clause}</span>
          </h3>
          {s.note && <p className="hint">{s.note}</p>}
          {s.figures.length > 0 && (
            <ul className="figures" aria-label={`Figures: ${s.title}`}>
              {s.figures.map((f) => (
                <li key={f.label}>
                  <strong>{f.value}</strong> {f.label}
                </li>
              ))}
            </ul>
          )}
          {s.items.length > 0 && (
            <ul aria-label={`Records: ${s.title}`}>
              {s.items.map((i) => {
                const section = WHERE[i.type];
                // An action of a review links to its review's page, which the id alone does not name.
                const href =
                  section && section !== 'reviews' ? sectionHref(slug, section, i.id) : null;
                return (
                  <li key={`${i.type}-${i.id}`}>
                    {href ? <Link href={href}>{i.title}</Link> : i.title} — {i.detail}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
