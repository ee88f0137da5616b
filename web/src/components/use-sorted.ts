import type { TableHeaderCellProps } from '@fluentui/react-components';
import { useState } from 'react';

type SortValue = string | number;
type Direction = 'ascending' | 'descending';

/** The same sort as a single choice (a phone's list has no column headers to click). */
export interface SortChoice {
  value: string;
  options: { value: string; label: string; direction: Direction }[];
  choose: (value: string) => void;
}

/**
 * Sorting a list by one of its columns, as the admin center's lists do: the header toggles
 * ascending and descending, and says which way it sorts to screen readers (aria-sort).
 */
export function useSorted<T, K extends string>(
  items: T[],
  columns: Record<K, (item: T) => SortValue>,
  locale: string,
): {
  sorted: T[];
  header: (column: K) => Pick<TableHeaderCellProps, 'sortDirection' | 'onClick'>;
  choice: (labels: Record<K, string>) => SortChoice;
} {
  const [sort, setSort] = useState<{ column: K; direction: Direction } | null>(null);
  const collator = new Intl.Collator(locale, { numeric: true });
  const sorted = sort
    ? [...items].sort((a, b) => {
        const [x, y] = [columns[sort.column](a), columns[sort.column](b)];
        const order =
          typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
        return sort.direction === 'ascending' ? order : -order;
      })
    : items;
  const header = (column: K) => ({
    sortDirection: sort?.column === column ? sort.direction : undefined,
    onClick: () =>
      setSort((current) => ({
        column,
        direction:
          current?.column === column && current.direction === 'ascending' ? 'descending' : 'ascending',
      })),
  });
  const choice = (labels: Record<K, string>): SortChoice => ({
    value: sort ? `${sort.column}:${sort.direction}` : '',
    options: (Object.keys(labels) as K[]).flatMap((column) =>
      (['ascending', 'descending'] as const).map((direction) => ({
        value: `${column}:${direction}`,
        label: labels[column],
        direction,
      })),
    ),
    choose: (value) => {
      const [column, direction] = value.split(':') as [K, Direction];
      setSort(value ? { column, direction } : null);
    },
  });
  return { sorted, header, choice };
}
