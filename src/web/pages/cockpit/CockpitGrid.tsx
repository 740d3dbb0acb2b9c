import type { CSSProperties } from 'react';
import { Empty } from 'antd';
import type { CockpitView, WidgetView } from '../../../shared/cockpit';
import { viewKey } from './display';
import { WidgetCard, isTallLeague } from './WidgetCard';
import './cockpit.css';

interface CockpitGridProps {
  view: CockpitView;
  /** The wall screen: a fixed grid filling the viewport, dark, links in new tabs. */
  screen?: boolean;
}

/** The cockpit's widgets as cards: a responsive grid on the page, a fixed one on the wall screen. */
export function CockpitGrid({ view, screen }: CockpitGridProps) {
  const unit = view.cockpit.unit;
  if (!view.widgets.length) return <Empty description="该驾驶舱还没有组件" />;
  const layout = screen ? screenLayout(view.widgets) : null;
  return (
    <div className="cockpit-grid" style={layout?.style} data-testid="cockpit-grid">
      {view.widgets.map((w, i) => (
        <div key={viewKey(w, i)} className={`cockpit-cell${w.kind === 'league' ? ' cockpit-wide' : ''}${screen && isTallLeague(w) ? ' cockpit-tall' : ''}${layout?.placed.has(i) ? ' cockpit-placed' : ''}`} style={layout?.placed.get(i)}>
          <WidgetCard view={w} unit={unit} dark={screen} newTab={screen} compact={screen} />
        </div>
      ))}
    </div>
  );
}

/**
 * The wall's grid: every widget a cell, a league two cells wide (two tall when it lists more than
 * six units); rows share the height, so up to about twelve widgets fit 1920×1080. A single league
 * takes the bottom-left two rows when the grid has room, so its table is not squeezed.
 */
function screenLayout(widgets: WidgetView[]): { style: CSSProperties; placed: Map<number, CSSProperties> } {
  const cells = widgets.reduce((n, w) => n + (w.kind === 'league' ? (isTallLeague(w) ? 4 : 2) : 1), 0);
  const rows = cells <= 4 ? 1 : cells <= 8 ? 2 : cells <= 18 ? 3 : 4;
  const leagues = widgets.flatMap((w, i) => (w.kind === 'league' ? [i] : []));
  const cols = Math.max(leagues.length ? 2 : 1, Math.ceil(cells / rows));
  const placed = new Map<number, CSSProperties>();
  if (leagues.length === 1 && rows >= 2) {
    const i = leagues[0];
    const tall = isTallLeague(widgets[i]) || rows * cols - cells >= 2;
    if (tall) placed.set(i, { ['--from-row' as string]: rows - 1 });
  }
  return { style: { ['--cols' as string]: cols }, placed };
}
