import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Flex, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import type { Digest } from '../../../shared/digest';
import { useAuth } from '../../auth';

/** Colours for a rank moving up or down that keep WCAG AA (4.5:1) on white. */
const UP = '#237804';
const DOWN = '#cf1322';
const MUTED = 'rgba(0, 0, 0, 0.65)';

function Arrow({ sign }: { sign: number }) {
  if (sign > 0) return <ArrowUpOutlined aria-hidden />;
  if (sign < 0) return <ArrowDownOutlined aria-hidden />;
  return <MinusOutlined aria-hidden />;
}

/** Secondary text at AA contrast (antd's secondary grey is lighter than 4.5:1). */
const Muted = ({ children }: { children: ReactNode }) => <span style={{ color: MUTED }}>{children}</span>;

const toneOf = (sign: number) => (sign > 0 ? UP : sign < 0 ? DOWN : MUTED);

function Section({ title, testId, extra, children }: { title: string; testId: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section data-testid={testId} aria-label={title}>
      <Flex justify="space-between" align="baseline" gap={8} wrap style={{ marginBottom: 6 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

const listStyle = { margin: 0, paddingInlineStart: 20, display: 'flex', flexDirection: 'column', gap: 4 } as const;

/**
 * A weekly digest (每周简报) as the inbox and the subscription preview show it: the figures that
 * moved most, cases that fell overdue during the week, and rank moves in the week's publications.
 */
export function DigestView({ digest: d }: { digest: Digest }) {
  const { can } = useAuth();
  const ledgerLink = can('read:ledger');
  const resultLink = can('read:assessment');
  return (
    <Flex vertical gap={16} data-testid="digest-view">
      <span style={{ color: MUTED }} data-testid="digest-header">
        {d.unit.name} · {d.cockpit.title} · {d.from} 至 {d.to}
      </span>

      <Section title="一、变化最大的指标" testId="digest-movers">
        {d.movers.length ? (
          <ol style={listStyle}>
            {d.movers.map((m) => (
              <li key={m.indicatorId}>
                <strong>{m.label}</strong>：{m.text ?? '—'}
                <Muted>（{m.period}年）</Muted>{' '}
                {/* Whether a move is good news depends on the indicator (fewer violations is better), which
                    the digest does not carry: the arrow says which way, without a verdict colour. */}
                <span style={{ color: 'rgba(0, 0, 0, 0.88)', fontWeight: 600, whiteSpace: 'nowrap' }}>
                  <Arrow sign={m.relative} /> {m.change}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <Muted>暂无可比数据</Muted>
        )}
      </Section>

      <Section
        title="二、本周新增超期事项"
        testId="digest-overdue"
        extra={
          ledgerLink && d.newlyOverdue.count > 0 ? <Link to={`/ledger/overdue?unitId=${d.unit.id}`}>查看事项超期</Link> : undefined
        }
      >
        {d.newlyOverdue.count > 0 ? (
          <>
            <div>
              本周新增超期 <strong data-testid="digest-overdue-count">{d.newlyOverdue.count}</strong> 件
              {d.newlyOverdue.examples.length < d.newlyOverdue.count ? '，举例如下：' : '：'}
            </div>
            <ul style={{ ...listStyle, marginTop: 4 }}>
              {d.newlyOverdue.examples.map((c) => (
                <li key={c.id}>
                  {c.title}
                  <Muted>
                    （{c.unitName}，{c.dueOn}到期）
                  </Muted>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Muted>本周没有新增超期事项</Muted>
        )}
      </Section>

      <Section title="三、排名变化" testId="digest-ranks">
        {d.rankChanges.length ? (
          <ul style={listStyle}>
            {d.rankChanges.map((r) => (
              <li key={`${r.resultId}-${r.unitName}`}>
                {resultLink ? <Link to={`/assessment/results/${r.resultId}`}>{r.title}</Link> : r.title}：{r.unitName}第{r.rank}名{' '}
                <span style={{ color: toneOf(r.change), fontWeight: 600, whiteSpace: 'nowrap' }}>
                  <Arrow sign={r.change} /> {r.change > 0 ? `上升${r.change}位` : r.change < 0 ? `下降${-r.change}位` : '名次不变'}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Muted>本周无新发布的排名变化</Muted>
        )}
      </Section>
    </Flex>
  );
}
