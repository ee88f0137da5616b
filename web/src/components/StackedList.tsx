import { makeStyles, Select, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.js';
import type { SortChoice } from './use-sorted.js';

const useStyles = makeStyles({
  sort: { display: 'flex', alignItems: 'center', gap: '8px', margin: '0 0 12px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  item: {
    background: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    padding: '12px 16px',
  },
  title: { display: 'flex', justifyContent: 'space-between', alignItems: 'start', gap: '8px' },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 3fr)',
    gap: '4px 12px',
    margin: '8px 0 0',
  },
  label: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center', marginTop: '12px' },
});

export interface StackedItem {
  key: string;
  testId: string;
  /** The row's name: a link to it, or its number. */
  title: ReactNode;
  badge?: ReactNode;
  fields: { label: string; value: ReactNode }[];
  actions?: ReactNode;
}

/**
 * A list on a phone: each row a card with its fields under their names and its actions on screen,
 * where a table's columns would run off the side. A list of items to a screen reader; a sortable
 * list is sorted by a choice of column instead of by the column headers it no longer has.
 */
export function StackedList(props: { label: string; items: StackedItem[]; sort?: SortChoice }) {
  const styles = useStyles();
  const t = useT();
  const { sort } = props;
  return (
    <>
      {sort ? (
        <div className={styles.sort}>
          <Select
            aria-label={t('list.sortBy')}
            value={sort.value}
            onChange={(_e, data) => sort.choose(data.value)}
            data-testid="list-sort"
          >
            <option value="">{t('list.sortBy')}</option>
            {sort.options.map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.direction === 'ascending' ? 'list.ascending' : 'list.descending', {
                  column: option.label,
                })}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      <ul className={styles.list} aria-label={props.label}>
        {props.items.map((item) => (
          <li key={item.key} className={styles.item} data-testid={item.testId}>
            <div className={styles.title}>
              <span>{item.title}</span>
              {item.badge}
            </div>
            <dl className={styles.fields}>
              {item.fields.map((field) => (
                <div key={field.label} style={{ display: 'contents' }}>
                  <dt className={styles.label}>{field.label}</dt>
                  <dd className={styles.value}>{field.value}</dd>
                </div>
              ))}
            </dl>
            {item.actions ? <div className={styles.actions}>{item.actions}</div> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
