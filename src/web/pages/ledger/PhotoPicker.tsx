import { useEffect, useMemo, useRef } from 'react';
import { Button, Flex, Typography } from 'antd';
import { CameraOutlined, CloseOutlined, FilePdfOutlined, PictureOutlined, PaperClipOutlined } from '@ant-design/icons';
import { ATTACHMENT_ACCEPT } from './attachments';

interface PhotoPickerProps {
  value?: File[];
  onChange?: (files: File[]) => void;
  /** Photos only (an activity's scene photos), with a camera button; otherwise photos and PDFs. */
  photosOnly?: boolean;
}

/**
 * Files picked before the record exists; they upload once it is saved. On a phone 拍照 opens the
 * rear camera directly and 相册 picks photos already taken.
 */
export function PhotoPicker({ value = [], onChange, photosOnly }: PhotoPickerProps) {
  const camera = useRef<HTMLInputElement>(null);
  const gallery = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => value.map((f) => (f.type.startsWith('image/') ? URL.createObjectURL(f) : null)), [value]);
  useEffect(() => () => urls.forEach((u) => u && URL.revokeObjectURL(u)), [urls]);

  const add = (list: FileList | null) => {
    if (list?.length) onChange?.([...value, ...Array.from(list)]);
  };

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {photosOnly && (
          <Button icon={<CameraOutlined />} size="large" onClick={() => camera.current?.click()}>
            拍照
          </Button>
        )}
        <Button icon={photosOnly ? <PictureOutlined /> : <PaperClipOutlined />} size={photosOnly ? 'large' : 'middle'} onClick={() => gallery.current?.click()}>
          {photosOnly ? '从相册选择' : '添加附件'}
        </Button>
        {photosOnly && (
          <input
            ref={camera}
            type="file"
            accept="image/*"
            capture="environment"
            aria-label="拍照上传"
            data-testid="photo-camera-input"
            style={{ display: 'none' }}
            onChange={(e) => {
              add(e.target.files);
              e.target.value = '';
            }}
          />
        )}
        <input
          ref={gallery}
          type="file"
          multiple
          accept={photosOnly ? 'image/*' : `image/*,${ATTACHMENT_ACCEPT}`}
          aria-label={photosOnly ? '从相册选择照片' : '选择附件'}
          data-testid="photo-gallery-input"
          style={{ display: 'none' }}
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
      </Flex>
      {value.length > 0 && (
        <Flex gap={8} wrap data-testid="picked-photos">
          {value.map((f, i) => (
            <div key={`${f.name}-${i}`} style={{ position: 'relative', width: 88, height: 88, border: '1px solid #eee', borderRadius: 6, overflow: 'hidden', background: '#fafafa' }}>
              {urls[i] ? (
                <img src={urls[i]!} alt={f.name} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
              ) : (
                <Flex vertical align="center" justify="center" style={{ height: '100%', padding: 4 }}>
                  <FilePdfOutlined style={{ fontSize: 24, color: '#c8102e' }} />
                  <Typography.Text ellipsis style={{ fontSize: 11, maxWidth: 80 }}>
                    {f.name}
                  </Typography.Text>
                </Flex>
              )}
              <Button
                size="small"
                shape="circle"
                icon={<CloseOutlined />}
                aria-label={`移除 ${f.name}`}
                onClick={() => onChange?.(value.filter((_, j) => j !== i))}
                style={{ position: 'absolute', top: 2, right: 2 }}
              />
            </div>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
