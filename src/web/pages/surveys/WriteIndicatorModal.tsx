import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Flex, Modal, Result, Typography } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import { parsePeriod } from '../../../shared/periods';
import { IndicatorPicker, useIndicatorList } from '../indicators/IndicatorPicker';
import type { Indicator } from '../indicators/types';
import type { IndicatorWritten, SurveyDetail } from './types';

const TREE_OK = ['avg', 'max', 'min'];

/** Indicators a survey's scores may go into: entered, of the period's type, a simple non-summing rule. */
function fits(i: Indicator, periodType: string | undefined): boolean {
  const a = i.definition?.aggregation as { kind: string; tree?: string } | undefined;
  return !i.archived && i.source === 'entered' && i.periodType === periodType && a?.kind === 'simple' && TREE_OK.includes(a.tree ?? '');
}

/**
 * 写入指标: each unit's 百分制 score becomes its signed-off figure of the chosen indicator for the
 * survey's period. Figures collected through a task or from elsewhere are never overwritten (the
 * server refuses and says which); writing again from this survey updates its own figures.
 */
export function WriteIndicatorModal({ survey, units, onClose }: { survey: SurveyDetail; units: number; onClose: () => void }) {
  const { list, error: listError } = useIndicatorList();
  const period = survey.period ? parsePeriod(survey.period) : null;
  const [indicatorId, setIndicatorId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<IndicatorWritten | null>(null);
  const candidates = (list ?? []).filter((i) => fits(i, period?.type));

  const write = async () => {
    if (!indicatorId) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await api.post<IndicatorWritten>(`/api/surveys/${survey.id}/indicator`, { indicatorId }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="把结果写入指标"
      onCancel={onClose}
      width={560}
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            完成
          </Button>
        ) : (
          <Flex gap={8} justify="flex-end">
            <Button onClick={onClose} disabled={busy}>
              取消
            </Button>
            <Button type="primary" onClick={() => void write()} loading={busy} disabled={!indicatorId || !period}>
              写入
            </Button>
          </Flex>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title={`已写入「${done.indicator.name}」${done.period}`}
          subTitle={`${done.written} 个单位：新增 ${done.created} 个，更新 ${done.replaced} 个（其中数值变化 ${done.changed} 个）。数据已标为审核通过，来源为群众评价。`}
          extra={<Link to={`/explore?indicator=${done.indicator.id}&from=${done.period}`}>到指标分析查看</Link>}
        />
      ) : (
        <Flex vertical gap={12}>
          {!period && <Alert type="warning" showIcon title="请先编辑问卷，填写评价期次（如 2022），结果将写入该期次" />}
          <Typography.Paragraph style={{ margin: 0 }}>
            将 {units} 个单位的<b>百分制得分</b>（满意度 × 20）作为{survey.period ? ` ${survey.period} ` : ''}期次的已审核数据写入所选指标。已通过填报任务报送或来自其他来源的数据不会被覆盖；本问卷再次写入会更新原数据并留下记录。
          </Typography.Paragraph>
          <IndicatorPicker indicators={list ? candidates : null} value={indicatorId} onChange={(id) => setIndicatorId(id)} style={{ width: '100%' }} aria-label="写入的指标" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {listError ?? `只列出需填报、周期与期次一致、按平均值（或最大、最小值）汇总的指标${list && !candidates.length ? '——目前没有，请先在指标库中新建（如“村（社区）群众满意度”，单位：分，按平均汇总）' : ''}。`}
          </Typography.Text>
          {error && <Alert type="error" showIcon title={error} role="alert" />}
        </Flex>
      )}
    </Modal>
  );
}
