import { Injectable } from '@nestjs/common';
import type { FastifyRequest as Request } from 'fastify';
import { GatewayConfig, ServiceName } from '@permits/config';
import { CORRELATION_HEADER } from '@permits/http';

export interface UpstreamAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Calls the services for the routes the gateway composes, passing the caller's token and correlation id. */
@Injectable()
export class Upstream {
  constructor(private readonly config: GatewayConfig) {}

  url(service: ServiceName): string {
    return this.config.serviceUrl(service);
  }

  async post<T>(service: ServiceName, path: string, body: unknown, req: Request): Promise<UpstreamAnswer<T>> {
    return this.call<T>(service, path, req, 'POST', body);
  }

  async get<T>(service: ServiceName, pathAndQuery: string, req: Request): Promise<UpstreamAnswer<T>> {
    return this.call<T>(service, pathAndQuery, req, 'GET');
  }

  private async call<T>(service: ServiceName, pathAndQuery: string, req: Request, method: 'GET' | 'POST', body?: unknown): Promise<UpstreamAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const cid = req.id;
    if (cid) headers[CORRELATION_HEADER] = cid;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url(service)}${pathAndQuery}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
