// The look both sides share. Ant Design's default secondary greys are below WCAG AA contrast on white; these are not.
export const theme = {
  token: {
    colorTextSecondary: 'rgba(0,0,0,0.65)',
    colorTextDescription: 'rgba(0,0,0,0.65)',
    colorTextTertiary: 'rgba(0,0,0,0.62)',
    colorTextPlaceholder: 'rgba(0,0,0,0.6)',
    colorPrimary: '#0b57d0',
    colorLink: '#0b57d0',
  },
};

/** Where the reader's choice of language (zh-CN or en) is kept, the same for both sides. */
export const LANG_KEY = 'console.lang';
