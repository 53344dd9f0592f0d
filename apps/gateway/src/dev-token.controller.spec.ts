import { BadRequestException } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { GatewayConfig, loadConfig } from '@permits/config';
import { DevTokenController } from './dev-token.controller';
import { devTokens } from './gateway.module';

const PROD = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), NATIONAL_EIA_SECRET: 'n'.repeat(40), MONITORING_SECRET: 'm'.repeat(40), AUDIT_KEY: 'a'.repeat(40), QUEUE_KEY: 'q'.repeat(40) };

describe(DevTokenController.name, () => {
  it('is mounted only with DEV_TOKENS=1 outside production; production refuses DEV_TOKENS=1', () => {
    expect(devTokens(loadConfig(GatewayConfig, {}))).toBe(false);
    expect(devTokens(loadConfig(GatewayConfig, { DEV_TOKENS: '1' }))).toBe(true);
    expect(devTokens(loadConfig(GatewayConfig, PROD))).toBe(false);
    expect(() => loadConfig(GatewayConfig, { ...PROD, DEV_TOKENS: '1' })).toThrow(/DEV_TOKENS=1 is refused when NODE_ENV=production/);
    expect(() => loadConfig(GatewayConfig, { DEV_TOKENS: 'yes' })).toThrow(/DEV_TOKENS must be 0 or 1/);
  });

  it('signs an 8-hour token with the configured secret for the chosen role and department', () => {
    const config = loadConfig(GatewayConfig, { DEV_TOKENS: '1', JWT_SECRET: 'dev-secret-for-test' });
    const { token, user } = new DevTokenController(config).token({ roles: ['head'], dept: 'approval', name: '处长' });
    const claims = jwt.verify(token, 'dev-secret-for-test') as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'dev-head-approval', name: '处长', roles: ['head'], dept: 'approval' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(8 * 3600);
    expect(user.id).toBe('dev-head-approval');
  });

  it('refuses an officer without a department and an applicant', () => {
    const c = new DevTokenController(loadConfig(GatewayConfig, { DEV_TOKENS: '1' }));
    expect(() => c.token({ roles: ['officer'] })).toThrow(BadRequestException);
    expect(() => c.token({ roles: ['applicant'] })).toThrow(/for staff/);
  });
});
