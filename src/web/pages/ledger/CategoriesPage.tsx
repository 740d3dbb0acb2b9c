import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Flex, Row, Segmented, Spin, Tag, Tree } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { RECORD_KINDS, RECORD_KIND_ZH, type RecordKind } from '../../../shared/ledger';
import { CategoryCreateModal, CategoryEditor } from './CategoryForms';
import { LedgerNav } from './LedgerNav';
import type { Category } from './types';
import { useCategories } from './useCategories';

/** The tree of one kind's categories for antd's Tree, archived ones marked. */
function treeOf(categories: Category[]) {
  type Node = { key: number; title: ReactNode; children: Node[] };
  const build = (parent: number | null): Node[] =>
    categories
      .filter((c) => c.parentId === parent)
      .map((c) => ({
        key: c.id,
        title: (
          <span style={{ color: c.archived ? '#999' : undefined }}>
            {c.name} <code style={{ fontSize: 11, color: '#999' }}>{c.code}</code>
            {c.archived && <Tag style={{ marginInlineStart: 4 }}>已停用</Tag>}
            {c.sensitive && c.parentId == null && (
              <Tag color="red" style={{ marginInlineStart: 4 }}>
                敏感
              </Tag>
            )}
            {c.attributes.length > 0 && <span style={{ fontSize: 11, color: '#999', marginInlineStart: 4 }}>+{c.attributes.length} 属性</span>}
          </span>
        ),
        children: build(c.id),
      }));
  return build(null);
}

/**
 * 类别管理: per kind, the category tree an administrator keeps — new categories and
 * sub-categories, names, extra attributes, and for cases the deadline and sensitivity.
 */
export default function CategoriesPage() {
  const [params, setParams] = useSearchParams();
  const kind = (RECORD_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as RecordKind) : 'activity';
  const selectedId = Number(params.get('id')) || null;
  const { categories, error, reload } = useCategories(kind);
  const [creating, setCreating] = useState<{ parent: Category | null } | null>(null);
  const selected = categories?.find((c) => c.id === selectedId);
  const select = (id: number | null) => setParams(id ? { kind, id: String(id) } : { kind });

  return (
    <Flex vertical gap={12}>
      <LedgerNav />
      <Segmented
        value={kind}
        onChange={(k) => setParams({ kind: k as string })}
        options={RECORD_KINDS.map((k) => ({ value: k, label: `${RECORD_KIND_ZH[k]}类别` }))}
        style={{ alignSelf: 'flex-start' }}
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={9}>
          <Card
            size="small"
            title={`${RECORD_KIND_ZH[kind]}类别`}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating({ parent: null })}>
                新建顶级类别
              </Button>
            }
          >
            {!categories ? (
              <Spin />
            ) : categories.length === 0 ? (
              <Empty description="还没有类别" />
            ) : (
              <Tree
                data-testid="category-tree"
                treeData={treeOf(categories)}
                defaultExpandAll
                blockNode
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => select(keys.length ? Number(keys[0]) : null)}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {selected ? (
            <CategoryEditor
              category={selected}
              parent={categories?.find((c) => c.id === selected.parentId)}
              onSaved={() => void reload()}
              onAddChild={() => setCreating({ parent: selected })}
            />
          ) : (
            <Card size="small">
              <Empty description="在左侧选择一个类别进行修改" />
            </Card>
          )}
        </Col>
      </Row>
      {creating && (
        <CategoryCreateModal
          kind={kind}
          parent={creating.parent}
          onCancel={() => setCreating(null)}
          onCreated={(id) => {
            setCreating(null);
            void reload();
            select(id);
          }}
        />
      )}
    </Flex>
  );
}
