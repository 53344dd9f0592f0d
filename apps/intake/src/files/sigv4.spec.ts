import { EMPTY_SHA256, signRequest, uriEncode } from './sigv4';

// The worked example of the S3 documentation ("Signature calculations for the Authorization header:
// GET Object"), with its published example credentials and signature.
const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };

describe(signRequest.name, () => {
  it('reproduces the documented signature of GET /test.txt with a Range header', () => {
    const headers = signRequest({ method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { range: 'bytes=0-9' }, payloadHash: EMPTY_SHA256 }, creds, new Date('2013-05-24T00:00:00Z'));
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
  });

  it('signs another date, region or path differently', () => {
    const base = { method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: {}, payloadHash: EMPTY_SHA256 };
    const a = signRequest(base, creds, new Date('2013-05-24T00:00:00Z')).authorization;
    expect(signRequest(base, creds, new Date('2013-05-25T00:00:00Z')).authorization).not.toBe(a);
    expect(signRequest(base, { ...creds, region: 'cn-north-1' }, new Date('2013-05-24T00:00:00Z')).authorization).not.toBe(a);
    expect(signRequest({ ...base, url: new URL('https://examplebucket.s3.amazonaws.com/other.txt') }, creds, new Date('2013-05-24T00:00:00Z')).authorization).not.toBe(a);
  });
});

describe(uriEncode.name, () => {
  it('keeps unreserved characters and encodes the rest as UTF-8', () => {
    expect(uriEncode('a-b_c.d~e/f g$', true)).toBe('a-b_c.d~e/f%20g%24');
    expect(uriEncode('a/b', false)).toBe('a%2Fb');
    expect(uriEncode('材料', true)).toBe('%E6%9D%90%E6%96%99');
  });
});
