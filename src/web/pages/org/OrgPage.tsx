import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Col, Row } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { OrgUnitDetail } from '../../types';
import { OrgTreePanel } from './OrgTreePanel';
import { OrgUnitPanel } from './OrgUnitPanel';
import { useOrgTree } from './useOrgTree';

/**
 * 组织架构: tree on the left, the selected unit on the right. The selection lives in the URL
 * (?unit=ID) so a link to a unit can be shared and the back button walks through selections.
 */
export default function OrgPage() {
  const [params, setParams] = useSearchParams();
  const includeArchived = params.get('archived') === '1';
  const tree = useOrgTree(includeArchived);
  const selectedId = Number(params.get('unit')) || tree.root?.id || null;
  const [detail, setDetail] = useState<OrgUnitDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reveal } = tree;
  // The unit asked for last: a slower answer for a unit clicked earlier must not replace it.
  const wanted = useRef(selectedId);
  wanted.current = selectedId;

  const select = (id: number) => {
    const next = new URLSearchParams(params);
    next.set('unit', String(id));
    setParams(next);
  };

  const setIncludeArchived = (v: boolean) => {
    const next = new URLSearchParams(params);
    if (v) next.set('archived', '1');
    else next.delete('archived');
    setParams(next, { replace: true });
  };

  const loadDetail = useCallback(async () => {
    if (!selectedId) return;
    try {
      const d = await api.get<OrgUnitDetail>(`/api/org/units/${selectedId}`);
      if (wanted.current !== selectedId) return;
      setDetail(d);
      setError(null);
      // Open the branch down to the unit so the tree shows where it sits.
      await reveal(d.ancestors.map((a) => a.id));
    } catch (err) {
      setDetail(null);
      setError(errorText(err));
    }
  }, [selectedId, reveal]);

  useEffect(() => {
    void loadDetail();
  }, [loadDetail]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} lg={8}>
        <OrgTreePanel
          tree={tree}
          selectedId={selectedId}
          onSelect={select}
          includeArchived={includeArchived}
          onIncludeArchivedChange={setIncludeArchived}
        />
      </Col>
      <Col xs={24} md={14} lg={16}>
        <OrgUnitPanel
          // Until the selected unit has loaded, its actions must not act on the one shown before.
          detail={detail && detail.id === selectedId ? detail : null}
          error={error}
          onSelect={select}
          onChanged={async (affectedParents) => {
            await loadDetail();
            await tree.reload(affectedParents);
            // A unit that just got its first child must open to show it.
            if (selectedId && affectedParents.includes(selectedId)) await tree.reveal([selectedId]);
            if (tree.root && (selectedId === tree.root.id || affectedParents.includes(tree.root.id))) await tree.reloadRoot();
          }}
        />
      </Col>
    </Row>
  );
}
