import { DomainError } from '@permits/core';
import { jwtVerify } from 'jose';
import { hs256Key } from '@permits/auth';
import { GatewayConfig, loadConfig } from '@permits/config';
import { DevTokenController } from './dev-token.controller';
import { devTokens } from './gateway.module';

// the gateway's one secret: it holds no other (libs/config service-config.ts)
const PROD = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40) };

describe(DevTokenController.name, () => {
  it('is mounted only with DEV_TOKENS=1 outside production; production refuses DEV_TOKENS=1', () => {
    expect(devTokens(loadConfig(GatewayConfig, {}))).toBe(false);
    expect(devTokens(loadConfig(GatewayConfig, { DEV_TOKENS: '1' }))).toBe(true);
    expect(devTokens(loadConfig(GatewayConfig, PROD))).toBe(false);
    expect(() => loadConfig(GatewayConfig, { ...PROD, DEV_TOKENS: '1' })).toThrow(/DEV_TOKENS=1 is refused when NODE_ENV=production/);
    expect(() => loadConfig(GatewayConfig, { DEV_TOKENS: 'yes' })).toThrow(/DEV_TOKENS must be 0 or 1/);
  });

  it('signs an 8-hour token with the configured secret for the chosen role and department', async () => {
    const config = loadConfig(GatewayConfig, { DEV_TOKENS: '1', JWT_SECRET: 'dev-secret-for-test' });
    const { token, user } = await new DevTokenController(config).token({ roles: ['head'], dept: 'approval', name: '处长' });
    const { payload: claims } = await jwtVerify(token, hs256Key('dev-secret-for-test'), { algorithms: ['HS256'] });
    expect(claims).toMatchObject({ sub: 'dev-head-approval', name: '处长', roles: ['head'], dept: 'approval' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(8 * 3600);
    expect(user.id).toBe('dev-head-approval');
  });

  it('refuses an officer without a department and an applicant', async () => {
    const c = new DevTokenController(loadConfig(GatewayConfig, { DEV_TOKENS: '1' }));
    await expect(c.token({ roles: ['officer'] })).rejects.toThrow(DomainError);
    await expect(c.token({ roles: ['applicant'] })).rejects.toThrow(/for staff/);
  });
});
