import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, List, Progress, Statistic, Table, Typography, type TableProps } from 'antd';
import { DatabaseOutlined, DownloadOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { useApi } from '../indicators/useApi';
import { dateTime, sat, score } from './display';
import type { SurveyDetail, SurveyResults, UnitResult } from './types';
import { WriteIndicatorModal } from './WriteIndicatorModal';

type Question = SurveyResults['questions'][number];
type Distribution = Record<string, number>;

/** Mean score of a rating question from its 1–5 counts. */
function mean(d: Distribution | undefined): number | null {
  if (!d) return null;
  let sum = 0;
  let n = 0;
  for (const [v, c] of Object.entries(d)) {
    sum += Number(v) * c;
    n += c;
  }
  return n ? sum / n : null;
}

/** The values a question's distribution is shown over, best first for ratings. */
const valuesOf = (q: Question) => (q.type === 'rating' ? ['5', '4', '3', '2', '1'] : q.type === 'text' ? ['answered'] : q.options);
const valueLabel = (q: Question, v: string) => (q.type === 'rating' ? `${v} 分` : q.type === 'text' ? '填写了意见' : v);

/** Bars of one question's answers (counts and shares). */
function DistributionBars({ q, d }: { q: Question; d: Distribution }) {
  const total = q.type === 'multi' ? Math.max(1, ...Object.values(d)) : Object.values(d).reduce((a, b) => a + b, 0) || 1;
  return (
    <Flex vertical gap={2}>
      {valuesOf(q).map((v) => (
        <Flex key={v} gap={8} align="center">
          <span style={{ width: 120, fontSize: 12, color: '#555', flexShrink: 0 }}>{valueLabel(q, v)}</span>
          <Progress percent={Math.round(((d[v] ?? 0) / total) * 100)} size="small" showInfo={false} style={{ flex: 1, margin: 0 }} strokeColor={q.type === 'rating' && Number(v) <= 2 ? '#fa8c16' : undefined} />
          <span style={{ width: 48, fontSize: 12, textAlign: 'right' }}>{d[v] ?? 0}</span>
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * 结果: per unit — sheets, satisfaction (1–5) and its 百分制 score, each rating question's mean —
 * with every question's distribution under the unit's row and for all units together; export;
 * and 写入指标 for a closed survey's managers.
 */
export function ResultsPanel({ survey }: { survey: SurveyDetail }) {
  const { message } = App.useApp();
  const results = useApi<SurveyResults>(`results:${survey.id}:${survey.version}`, () => api.get<SurveyResults>(`/api/surveys/${survey.id}/results`));
  const [writing, setWriting] = useState(false);

  if (results.error) return <Alert type="error" showIcon title={results.error} />;
  const r = results.data;
  if (!r) return <Card loading size="small" />;
  const ratings = r.questions.filter((q) => q.type === 'rating');

  const columns: TableProps<UnitResult>['columns'] = [
    {
      title: '评价对象',
      dataIndex: 'unitName',
      fixed: 'left',
      render: (n: string, u) => (
        <>
          {n}
          {u.parentName && <div style={{ fontSize: 12, color: '#999' }}>{u.parentName}</div>}
        </>
      ),
    },
    { title: '答卷', dataIndex: 'responses', width: 70, align: 'right', sorter: (a, b) => a.responses - b.responses },
    { title: '满意度（1–5）', dataIndex: 'satisfaction', width: 110, align: 'right', render: (v: number | null) => sat(v), sorter: (a, b) => (a.satisfaction ?? -1) - (b.satisfaction ?? -1) },
    {
      title: '百分制',
      dataIndex: 'score',
      width: 90,
      align: 'right',
      defaultSortOrder: 'descend',
      render: (v: number | null) => <b>{score(v)}</b>,
      sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
    },
    ...ratings.map((q, i) => ({
      title: <span title={q.label}>评分{i + 1}</span>,
      key: q.key,
      width: 80,
      align: 'right' as const,
      responsive: ['lg' as const],
      render: (_: unknown, u: UnitResult) => sat(mean(u.questions[q.key])),
    })),
  ];

  const exportResults = async () => {
    try {
      await api.download(`/api/surveys/${survey.id}/results/export`, undefined, `评价结果-${survey.title}.xlsx`, 'POST');
    } catch (err) {
      message.error(errorText(err));
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={32} wrap align="center">
        <Statistic title="答卷" value={r.totals.responses} />
        <Statistic title="平均满意度（1–5，按答卷）" value={sat(r.totals.satisfaction)} />
        <Statistic title="百分制（按答卷）" value={score(r.totals.score)} />
        <div style={{ flex: 1 }} />
        <Flex gap={8} wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void exportResults()}>
            导出结果
          </Button>
          {r.survey.canManage && (
            <Button type="primary" icon={<DatabaseOutlined />} onClick={() => setWriting(true)} disabled={survey.status !== 'closed'} title={survey.status !== 'closed' ? '结束收集后才能写入指标' : undefined}>
              写入指标
            </Button>
          )}
        </Flex>
      </Flex>
      {ratings.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          满意度 = 每份答卷各评分题的平均分，再按单位取平均；百分制 = 满意度 × 20。{ratings.map((q, i) => `评分${i + 1}：${q.label}`).join('；')}
        </Typography.Text>
      )}
      <Table<UnitResult>
        rowKey="targetId"
        size="small"
        columns={columns}
        dataSource={r.units}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        expandable={{
          expandedRowRender: (u) => (
            <Flex gap={16} wrap>
              {r.questions.map((q) => (
                <Card key={q.key} size="small" title={<span style={{ fontSize: 13 }}>{q.label}</span>} style={{ width: 340 }}>
                  <DistributionBars q={q} d={u.questions[q.key] ?? {}} />
                </Card>
              ))}
            </Flex>
          ),
        }}
        data-testid="survey-results"
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        各题汇总
      </Typography.Title>
      {r.totals.responses === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有答卷" />
      ) : (
        <Flex gap={16} wrap>
          {r.questions.map((q, i) => (
            <Card key={q.key} size="small" title={<span style={{ fontSize: 13 }}>{`${i + 1}. ${q.label}`}</span>} style={{ width: 340 }}>
              <DistributionBars q={q} d={r.totals.questions[q.key] ?? {}} />
            </Card>
          ))}
        </Flex>
      )}
      {r.comments.length > 0 && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            群众意见（最近 {r.comments.length} 条，仅主办方可见）
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={r.comments}
            pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
            renderItem={(c) => (
              <List.Item>
                <div>
                  <div>{c.text}</div>
                  <div style={{ fontSize: 12, color: '#999' }}>
                    {c.unitName} · {dateTime(c.at)}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </>
      )}
      {writing && <WriteIndicatorModal survey={survey} units={r.units.filter((u) => u.score != null).length} onClose={() => setWriting(false)} />}
    </Flex>
  );
}
