import { Field, Select } from '@fluentui/react-components';
import { useIntl } from 'react-intl';

import type { CardExpiry } from '../api.js';

export type { CardExpiry };

const months = Array.from({ length: 12 }, (_, index) => index + 1);

/**
 * Month and year of a card's expiry, as two selects: one picker for every place that edits it. The
 * years start at this one everywhere (a card cannot be given a past expiry); callers start an expired
 * card's edit at this year.
 */
export function ExpiryPicker(props: {
  value: CardExpiry;
  onChange: (value: CardExpiry) => void;
  disabled?: boolean;
}) {
  const intl = useIntl();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 16 }, (_, index) => thisYear + index);
  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'end' }}>
      <Field label={intl.formatMessage({ id: 'settle.month' })}>
        <Select
          data-testid="expiry-month"
          value={String(props.value.expMonth)}
          onChange={(_e, d) => props.onChange({ ...props.value, expMonth: Number(d.value) })}
          disabled={props.disabled}
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
          disabled={props.disabled}
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
