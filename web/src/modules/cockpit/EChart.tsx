import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/** A small React wrapper around ECharts: one instance per element, resized with its box. */
export function EChart({
  option,
  height = 260,
  onClick,
  testId,
  description,
}: {
  option: echarts.EChartsOption;
  height?: number;
  onClick?: (params: echarts.ECElementEvent) => void;
  testId?: string;
  /** What the chart shows, in words: the canvas is an image to assistive technology. */
  description?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    instance.on('click', onClick);
    return () => {
      instance.off('click', onClick);
    };
  }, [onClick]);
  return (
    <div
      ref={ref}
      style={{ width: '100%', height }}
      data-testid={testId}
      role="img"
      aria-label={description}
    />
  );
}
