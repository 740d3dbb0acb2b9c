import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Input, Space, Switch, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { api } from '../../api';
import { errorText } from '../../components/applyServerErrors';
import type { OrgSearchHit, OrgUnit } from '../../types';
import type { useOrgTree } from './useOrgTree';

interface OrgTreePanelProps {
  tree: ReturnType<typeof useOrgTree>;
  selectedId: number | null;
  onSelect: (id: number) => void;
  includeArchived: boolean;
  onIncludeArchivedChange: (v: boolean) => void;
}

function nodeTitle(u: OrgUnit) {
  return (
    <span data-unit-id={u.id}>
      {u.name}
      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
        {u.typeName}
      </Typography.Text>
      {u.archived && (
        <Tag color="default" style={{ marginInlineStart: 6 }}>
          已归档
        </Tag>
      )}
    </span>
  );
}

/** Left side of the org page: search by name or pinyin initials, the archived toggle, the tree. */
export function OrgTreePanel({ tree, selectedId, onSelect, includeArchived, onIncludeArchivedChange }: OrgTreePanelProps) {
  const { root, children, expanded, setExpanded, load } = tree;
  const treeBox = useRef<HTMLDivElement>(null);

  const treeData = useMemo<TreeDataNode[]>(() => {
    const build = (u: OrgUnit): TreeDataNode => {
      const kids = children.get(u.id);
      return {
        key: u.id,
        title: nodeTitle(u),
        // childCount counts active children only; with archived shown, let loading decide.
        isLeaf: kids ? kids.length === 0 : !includeArchived && u.childCount === 0,
        children: kids?.map(build),
      };
    };
    return root ? [build(root)] : [];
  }, [root, children, includeArchived]);

  // Bring the selected unit into view once its branch is open (e.g. after a search).
  useEffect(() => {
    if (!selectedId) return;
    const el = treeBox.current?.querySelector(`[data-unit-id="${selectedId}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, treeData]);

  return (
    <Card title="组织架构" size="small" styles={{ body: { padding: 12 } }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <UnitSearch onPick={onSelect} includeArchived={includeArchived} />
        <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <Switch size="small" checked={includeArchived} onChange={onIncludeArchivedChange} aria-label="显示已归档" />
          显示已归档
        </label>
        {tree.error && <Alert type="error" showIcon title={tree.error} />}
        <div ref={treeBox} data-testid="org-tree" style={{ maxHeight: '65vh', overflow: 'auto' }}>
          <Tree
            treeData={treeData}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys.map(Number))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => keys.length && onSelect(Number(keys[0]))}
            loadData={(node) => load(Number(node.key))}
            blockNode
          />
        </div>
      </Space>
    </Card>
  );
}

/** Search box whose hits open a unit; hits show their parent to tell same-named villages apart. */
function UnitSearch({ onPick, includeArchived }: { onPick: (id: number) => void; includeArchived: boolean }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<OrgSearchHit[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setHits(null);
      return;
    }
    const mine = ++seq.current;
    const t = setTimeout(async () => {
      setLoading(true);
      try {
        // The server coerces any includeArchived value to true, so send it only when wanted.
        const found = await api.get<OrgSearchHit[]>('/api/org/search', { q: text, limit: 20, includeArchived: includeArchived ? 'true' : undefined });
        if (mine === seq.current) {
          setHits(found);
          setError(null);
        }
      } catch (err) {
        if (mine === seq.current) setError(errorText(err));
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
    return () => clearTimeout(t);
  }, [q, includeArchived]);

  return (
    <div>
      <Input.Search
        placeholder="搜索单位：名称或拼音首字母，如 sz"
        aria-label="搜索单位"
        allowClear
        value={q}
        loading={loading}
        onChange={(e) => setQ(e.target.value)}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {hits && (
        <div role="list" aria-label="单位搜索结果" style={{ marginTop: 8, maxHeight: 260, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6 }}>
          {hits.length === 0 && <div style={{ padding: 8, color: '#999' }}>没有找到匹配的单位</div>}
          {hits.map((u) => (
            <div role="listitem" key={u.id}>
              <Button
                type="text"
                block
                style={{ justifyContent: 'flex-start', height: 'auto', paddingBlock: 6 }}
                onClick={() => {
                  onPick(u.id);
                  setQ('');
                }}
              >
                {u.name}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {u.typeName}
                  {u.parentName ? ` · ${u.parentName}` : ''}
                </Typography.Text>
                {u.archived && <Tag>已归档</Tag>}
              </Button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
