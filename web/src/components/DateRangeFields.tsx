import { Field, Input } from '@fluentui/react-components';
import { useT } from '../i18n/use-t.js';

/** A range that ends before it starts: marked on its end date, and not asked of the server. */
export function rangeIsBackwards(from: string, to: string): boolean {
  return Boolean(from && to && to < from);
}

/** From and to days of a filter; a range that ends before it starts is marked on the end date. */
export function DateRangeFields(props: {
  from: string;
  to: string;
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
  testIdPrefix: string;
}) {
  const t = useT();
  const backwards = rangeIsBackwards(props.from, props.to);
  return (
    <>
      <Field label={t('bills.from')}>
        <Input
          type="date"
          value={props.from}
          onChange={(_e, d) => props.onFrom(d.value)}
          data-testid={`${props.testIdPrefix}-from`}
        />
      </Field>
      <Field
        label={t('bills.to')}
        validationState={backwards ? 'error' : 'none'}
        validationMessage={backwards ? t('bills.toBeforeFrom') : undefined}
      >
        <Input
          type="date"
          value={props.to}
          onChange={(_e, d) => props.onTo(d.value)}
          data-testid={`${props.testIdPrefix}-to`}
        />
      </Field>
    </>
  );
}
