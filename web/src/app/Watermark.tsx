/**
 * The faint watermark on pages with personal data (common practice for 等保 systems): the viewer's
 * name and account and the time in China, repeated across the page, so a photo or a screenshot
 * shows who took it and when. Pages declare `personalData` in their web module; the deployment
 * switches it off with JICENG_WATERMARK=false (`watermark` in `GET /auth/me`).
 */
import { Watermark } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { formatChinaDateTime } from '../shared/format.ts';

export function PersonalDataWatermark({ viewer, children }: { viewer: string; children: ReactNode }) {
  const [now, setNow] = useState(() => formatChinaDateTime(new Date()));
  useEffect(() => {
    const timer = window.setInterval(() => setNow(formatChinaDateTime(new Date())), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  const lines = [viewer, now];
  return (
    <div data-testid="watermark" data-watermark={lines.join(' ')}>
      <Watermark
        content={lines}
        font={{ color: 'rgba(0, 0, 0, 0.07)', fontSize: 14 }}
        gap={[120, 110]}
        rotate={-20}
        zIndex={9}
      >
        {children}
      </Watermark>
    </div>
  );
}
