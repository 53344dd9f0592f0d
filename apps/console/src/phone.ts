import { Grid } from 'antd';

/** True on a phone-sized screen (below Ant Design's `md`, 768 px). Its own module: the shell needs it, not the tables. */
export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
