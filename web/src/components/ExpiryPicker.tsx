import { Field, Select } from '@fluentui/react-components';
import { useIntl } from 'react-intl';

import type { CardExpiry } from '../api.js';

export type { CardExpiry };

const months = Array.from({ length: 12 }, (_, index) => index + 1);

/** Month and year of a card's expiry, as two selects: one picker for every place that edits it. */
export function ExpiryPicker(props: {
  value: CardExpiry;
  onChange: (value: CardExpiry) => void;
  firstYear: number;
}) {
  const intl = useIntl();
  const years = Array.from({ length: 16 }, (_, index) => props.firstYear + index);
  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'end' }}>
      <Field label={intl.formatMessage({ id: 'settle.month' })}>
        <Select
          data-testid="expiry-month"
          value={String(props.value.expMonth)}
          onChange={(_e, d) => props.onChange({ ...props.value, expMonth: Number(d.value) })}
        >
          {months.map((month) => (
            <option key={month} value={month}>
              {String(month).padStart(2, '0')}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={intl.formatMessage({ id: 'settle.year' })}>
        <Select
          data-testid="expiry-year"
          value={String(props.value.expYear)}
          onChange={(_e, d) => props.onChange({ ...props.value, expYear: Number(d.value) })}
        >
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
