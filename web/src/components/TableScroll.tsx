import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  scroll: {
    overflowX: 'auto',
    maxWidth: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

/**
 * A table on a narrow screen scrolls sideways inside its own box, never the page: its columns keep
 * the width their content needs (no cell over another), and every action stays on screen. The box
 * is a named, focusable region so that keyboard users can scroll it too.
 */
export function TableScroll(props: { label: string; minWidthPx: number; children: ReactNode }) {
  const styles = useStyles();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
    <section className={styles.scroll} aria-label={props.label} tabIndex={0}>
      <div style={{ minWidth: props.minWidthPx }}>{props.children}</div>
    </section>
  );
}
