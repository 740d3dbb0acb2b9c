import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Modal, Popconfirm, Statistic, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { EditOutlined, PauseCircleOutlined, PlayCircleOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { PageSpinner } from '../../components/PageSpinner';
import { QUESTION_TYPE_ZH } from '../../../shared/surveys';
import { useApi } from '../indicators/useApi';
import { AbusePanel } from './AbusePanel';
import { MODE_SHORT, STATUS_COLOR, absolute, dateTime, sat, score } from './display';
import { QrCode } from './QrCode';
import { ResultsPanel } from './ResultsPanel';
import { TokensPanel } from './TokensPanel';
import type { SurveyDetail, SurveyTarget } from './types';

/**
 * 问卷详情: the survey, its state and actions (edit, open, close), and tabs for its targets (the
 * public link and QR code of each unit), answer tokens, results and the abuse report.
 */
export default function SurveyDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'targets';
  const { message } = App.useApp();
  const survey = useApi<SurveyDetail>(`survey:${id}`, () => api.get<SurveyDetail>(`/api/surveys/${id}`));
  const [busy, setBusy] = useState(false);
  const [qr, setQr] = useState<SurveyTarget | null>(null);

  if (!survey.data && !survey.error) return <PageSpinner />;
  if (!survey.data) return <Alert type="error" showIcon title={survey.error} />;
  const s = survey.data;

  const setStatus = async (to: 'open' | 'close') => {
    setBusy(true);
    try {
      await api.post(`/api/surveys/${s.id}/${to}`, { version: s.version });
      message.success(to === 'open' ? '已开始收集，答卷链接即刻可用' : '已结束收集，答卷链接不再接受答卷');
      survey.reload();
    } catch (err) {
      message.error(errorText(err));
      survey.reload();
    } finally {
      setBusy(false);
    }
  };

  const columns: TableProps<SurveyTarget>['columns'] = [
    {
      title: '评价对象',
      dataIndex: 'unitName',
      render: (name: string, t) => (
        <>
          {name}
          {t.parentName && <div style={{ fontSize: 12, color: '#999' }}>{t.parentName}</div>}
        </>
      ),
    },
    {
      title: '答卷链接',
      dataIndex: 'link',
      responsive: ['md'],
      render: (link: string) => (
        <Typography.Text copyable={{ text: absolute(link), tooltips: ['复制链接', '已复制'] }} style={{ fontFamily: 'monospace', fontSize: 13 }}>
          {link}
        </Typography.Text>
      ),
    },
    {
      title: '二维码',
      key: 'qr',
      width: 80,
      render: (_, t) => <Button size="small" icon={<QrcodeOutlined />} onClick={() => setQr(t)} aria-label={`${t.unitName}的二维码`} />,
    },
    { title: '答卷', dataIndex: 'responses', width: 70, align: 'right' },
    { title: '满意度', dataIndex: 'satisfaction', width: 80, align: 'right', responsive: ['sm'], render: (v: number | null) => sat(v) },
    ...(s.mode === 'token'
      ? [{ title: '答题码 已用/发放', key: 'tokens', width: 130, align: 'right' as const, responsive: ['sm' as const], render: (_: unknown, t: SurveyTarget) => `${t.tokensUsed} / ${t.tokensIssued}` }]
      : []),
  ];

  const tabs = [
    {
      key: 'targets',
      label: `评价对象（${s.targets.length}）`,
      children: (
        <>
          {s.canManage && (
            <Flex justify="flex-end" style={{ marginBottom: 8 }}>
              <Link to={`/surveys/${s.id}/print?posters=1`} target="_blank">
                <Button icon={<PrinterOutlined />}>打印二维码海报</Button>
              </Link>
            </Flex>
          )}
          <Table<SurveyTarget>
            rowKey="targetId"
            size="small"
            columns={columns}
            dataSource={s.targets}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            data-testid="survey-targets"
          />
        </>
      ),
    },
    ...(s.canManage && s.mode === 'token' ? [{ key: 'tokens', label: '答题码', children: <TokensPanel survey={s} onChanged={survey.reload} /> }] : []),
    { key: 'results', label: '结果', children: <ResultsPanel survey={s} /> },
    ...(s.canManage ? [{ key: 'abuse', label: '异常提交', children: <AbusePanel surveyId={s.id} /> }] : []),
    {
      key: 'questions',
      label: `题目（${s.questions.length}）`,
      children: (
        <Flex vertical gap={8}>
          {s.questions.map((q, i) => (
            <div key={q.key}>
              <Typography.Text strong>
                {i + 1}. {q.label}
              </Typography.Text>{' '}
              <Tag>{QUESTION_TYPE_ZH[q.type]}</Tag>
              {q.required && <Tag color="red">必答</Tag>}
              {q.options?.length ? <div style={{ color: '#666', fontSize: 13 }}>选项：{q.options.join('、')}</div> : null}
            </div>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center" wrap>
            <span>{s.title}</span>
            <Tag color={STATUS_COLOR[s.status]} data-testid="survey-status">
              {s.statusName}
            </Tag>
          </Flex>
        }
        extra={
          s.canManage && (
            <Flex gap={8} wrap>
              <Button icon={<EditOutlined />} onClick={() => navigate(`/surveys/${s.id}/edit`)}>
                编辑
              </Button>
              {s.status !== 'open' ? (
                <Popconfirm
                  title={s.status === 'draft' ? '开始收集后题目和答题方式不能再修改，确定开始？' : '重新开放后答卷链接恢复可用，确定？'}
                  okText="开始收集"
                  cancelText="取消"
                  onConfirm={() => setStatus('open')}
                >
                  <Button type="primary" icon={<PlayCircleOutlined />} loading={busy}>
                    {s.status === 'draft' ? '开始收集' : '重新开放'}
                  </Button>
                </Popconfirm>
              ) : (
                <Popconfirm title="结束后答卷链接不再接受答卷，确定结束？" okText="结束收集" cancelText="取消" onConfirm={() => setStatus('close')}>
                  <Button danger icon={<PauseCircleOutlined />} loading={busy}>
                    结束收集
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'owner', label: '主办单位', children: s.ownerName },
            { key: 'mode', label: '答题方式', children: MODE_SHORT[s.mode] },
            { key: 'period', label: '评价期次', children: s.period ?? '未填写' },
            { key: 'created', label: '创建时间', children: dateTime(s.createdAt) },
          ]}
        />
        {s.intro && <Typography.Paragraph type="secondary" style={{ marginBottom: 8, whiteSpace: 'pre-line' }}>{s.intro}</Typography.Paragraph>}
        <Flex gap={32} wrap>
          <Statistic title="评价对象" value={s.totals.targets} />
          <Statistic title="答卷" value={s.totals.responses} />
          {s.mode === 'token' && <Statistic title="答题码 已用/发放" value={`${s.totals.tokensUsed} / ${s.totals.tokensIssued}`} />}
          <Statistic title="平均满意度（百分制）" value={score(avgScore(s.targets))} />
        </Flex>
      </Card>
      <Card size="small">
        <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={tabs} destroyOnHidden />
      </Card>
      <Modal open={qr != null} title={qr ? `${qr.unitName} · 答卷二维码` : ''} footer={null} onCancel={() => setQr(null)} width={360}>
        {qr && (
          <Flex vertical align="center" gap={8}>
            <QrCode value={absolute(qr.link)} size={240} alt={`${qr.unitName}答卷二维码`} />
            <Typography.Text copyable={{ text: absolute(qr.link) }} style={{ fontFamily: 'monospace' }}>
              {absolute(qr.link)}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
              {s.mode === 'token' ? '答卷人扫码后还需输入答题码；也可打印含答题码的二维码（「答题码」页）。' : '张贴或转发此二维码，群众扫码即可答卷，每台手机限答一次。'}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}

/** Mean of the units' scores — each unit counts once, as the indicator's tree rule (avg) does. */
function avgScore(targets: SurveyTarget[]): number | null {
  const xs = targets.map((t) => t.satisfaction).filter((x): x is number => x != null);
  return xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length) * 20 : null;
}
