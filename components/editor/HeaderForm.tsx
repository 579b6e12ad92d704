'use client';

import { useId, useState } from 'react';
import type * as Y from 'yjs';
import {
  addHeaderListItem,
  moveHeaderListItem,
  removeHeaderListItem,
  setHeaderText,
  type HeaderListField,
  type HeaderTextField,
} from '@/lib/collab/draft-header';
import { ORGANS, type ResolutionHeader } from '@/lib/schema/resolution-document';

const TEXT_FIELDS: { field: HeaderTextField; label: string; placeholder?: string }[] = [
  { field: 'symbol', label: 'Symbol', placeholder: 'A/C.3/77/L.44/Rev.1' },
  { field: 'session', label: 'Session', placeholder: 'Seventy-seventh session' },
  { field: 'committee', label: 'Committee', placeholder: 'Third Committee' },
  { field: 'agendaItem', label: 'Agenda item', placeholder: '68 (b)' },
  { field: 'agendaItemName', label: 'Agenda item name' },
  { field: 'originalLanguage', label: 'Original language', placeholder: 'English' },
  {
    field: 'sponsorsNote',
    label: 'Note on the sponsors (*)',
    placeholder: 'On behalf of the States Members of the United Nations that are members of …',
  },
  { field: 'draftSymbol', label: 'Adopted on draft', placeholder: 'A/C.3/77/L.44/Rev.1' },
  {
    field: 'originatingDocument',
    label: 'Report (originating document)',
    placeholder: 'A/77/463/Add.2, para. 87',
  },
  { field: 'adoptionMeeting', label: 'Adopted at', placeholder: '54th plenary meeting' },
];

/** Header fields holding an ISO date. */
const DATE_FIELDS: { field: HeaderTextField; label: string }[] = [
  { field: 'draftDate', label: 'Draft submitted on' },
  { field: 'adoptionDate', label: 'Date of adoption' },
];

/** A text input bound to one header field; each keystroke is a live edit. */
function HeaderInput({
  doc,
  field,
  label,
  value,
  readOnly,
  placeholder,
  type = 'text',
}: {
  doc: Y.Doc;
  field: HeaderTextField;
  label: string;
  value: string;
  readOnly: boolean;
  placeholder?: string;
  type?: 'text' | 'date';
}) {
  const id = useId();
  return (
    <div className="header-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        readOnly={readOnly}
        maxLength={500}
        onChange={(event) => setHeaderText(doc, field, event.target.value)}
      />
    </div>
  );
}

function SponsorList({
  doc,
  field,
  label,
  names,
  readOnly,
}: {
  doc: Y.Doc;
  field: HeaderListField;
  label: string;
  names: string[];
  readOnly: boolean;
}) {
  const [adding, setAdding] = useState('');
  const id = useId();
  return (
    <fieldset className="sponsor-list">
      <legend>{label}</legend>
      {names.length === 0 ? <p className="empty">None yet.</p> : null}
      <ol aria-label={label}>
        {names.map((name, index) => (
          <li key={`${index}-${name}`}>
            <span>{name}</span>
            {readOnly ? null : (
              <span className="sponsor-actions">
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Move ${name} up`}
                  disabled={index === 0}
                  onClick={() => moveHeaderListItem(doc, field, index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Move ${name} down`}
                  disabled={index === names.length - 1}
                  onClick={() => moveHeaderListItem(doc, field, index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${name}`}
                  onClick={() => removeHeaderListItem(doc, field, index)}
                >
                  Remove
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <form
          className="field-row"
          onSubmit={(event) => {
            event.preventDefault();
            addHeaderListItem(doc, field, adding);
            setAdding('');
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            Add to {label.toLowerCase()}
          </label>
          <input
            id={id}
            value={adding}
            placeholder="Delegation, e.g. Cuba"
            onChange={(event) => setAdding(event.target.value)}
          />
          <button type="submit" disabled={!adding.trim()}>
            Add
          </button>
        </form>
      )}
    </fieldset>
  );
}

/**
 * The draft's header (symbol, session, agenda item, sponsors, title…), edited
 * live by the facilitator, read by everyone else.
 */
export function HeaderForm({
  doc,
  header,
  readOnly,
}: {
  doc: Y.Doc;
  header: ResolutionHeader;
  readOnly: boolean;
}) {
  // Open for a facilitator starting a draft with an empty header, else just the summary line;
  // fixed at first render so that typing a symbol does not fold the form away.
  const [initiallyOpen] = useState(() => !readOnly && !header.symbol && !header.session);
  const organId = useId();
  const distributionId = useId();
  return (
    <details className="header-form" open={initiallyOpen}>
      <summary>
        Header <span className="header-summary">{summaryOf(header)}</span>
      </summary>
      <div className="header-grid">
        <div className="header-field">
          <label htmlFor={organId}>Organ</label>
          <select
            id={organId}
            value={header.organ}
            disabled={readOnly}
            onChange={(event) => setHeaderText(doc, 'organ', event.target.value)}
          >
            {ORGANS.map((organ) => (
              <option key={organ}>{organ}</option>
            ))}
          </select>
        </div>
        <div className="header-field">
          <label htmlFor={distributionId}>Distribution</label>
          <select
            id={distributionId}
            value={header.distribution}
            disabled={readOnly}
            onChange={(event) => setHeaderText(doc, 'distribution', event.target.value)}
          >
            <option value="">—</option>
            <option value="Limited">Limited</option>
            <option value="General">General</option>
          </select>
        </div>
        <HeaderInput
          doc={doc}
          field="date"
          label="Date"
          type="date"
          value={header.date}
          readOnly={readOnly}
        />
        {TEXT_FIELDS.map(({ field, label, placeholder }) => (
          <HeaderInput
            key={field}
            doc={doc}
            field={field}
            label={label}
            value={header[field]}
            placeholder={placeholder}
            readOnly={readOnly}
          />
        ))}
        {DATE_FIELDS.map(({ field, label }) => (
          <HeaderInput
            key={field}
            doc={doc}
            field={field}
            label={label}
            type="date"
            value={header[field]}
            readOnly={readOnly}
          />
        ))}
        <div className="header-field header-title">
          <HeaderInput
            doc={doc}
            field="title"
            label="Title"
            value={header.title}
            readOnly={readOnly}
          />
        </div>
      </div>
      <div className="header-sponsors">
        <SponsorList
          doc={doc}
          field="sponsors"
          label="Sponsors"
          names={header.sponsors}
          readOnly={readOnly}
        />
        <SponsorList
          doc={doc}
          field="additionalSponsors"
          label="Additional sponsors"
          names={header.additionalSponsors}
          readOnly={readOnly}
        />
      </div>
    </details>
  );
}

function summaryOf(header: ResolutionHeader): string {
  return [header.symbol, header.committee, header.session].filter(Boolean).join(' · ');
}
