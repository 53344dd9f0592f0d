// The shape of issue 24, "One way to do each thing", checked on the source: a request reaches a controller, a
// write goes through the CommandBus to a @CommandHandler (which calls the runtime or a repository), a read goes
// through a query service; errors are DomainErrors, answered by libs/http's one filter.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The apps held to these rules. Widen to every app under apps/ as each one follows them. */
export const CHECKED_APPS = ['intake', 'notification', 'eia-review', 'discharge-permit', 'supervision', 'gateway'] as const;

/**
 * Write-verb routes that change nothing (a computation sent as a POST body), as `path: method`: they call a
 * query service instead of the bus. Each entry says why.
 */
export const READ_ONLY_WRITE_ROUTES: string[] = [
  // a classification computed from the body and the directory in force: nothing is written
  'apps/eia-review/src/classification/classification.controller.ts: classify',
  // development only (refused in production): signs a token, writes nothing
  'apps/gateway/src/dev-token.controller.ts: token',
  // the gateway holds no database and no command handlers: a dead letter's retry is BullMQ's own job.retry(), logged
  'apps/gateway/src/dead-letters.controller.ts: retry',
];

/**
 * Queue consumers in apps that act without a command, as `path: class`: each says why. Every other consumer
 * extends CommandJob (libs/queue) or sends its message on the CommandBus itself.
 */
export const JOBS_BESIDE_THE_BUS: string[] = [
  // housekeeping on a job scheduler, nobody's act: removes uploads no application refers to (files/upload-sweep.ts)
  'apps/intake/src/files/upload-sweep.ts: UploadSweepHandler',
];

const ROOT = join(__dirname, '..');

interface Source {
  path: string;
  text: string;
}

function sourcesOf(dir: string, ext = /\.ts$/): Source[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' || e.name === 'node_modules' ? [] : sourcesOf(path, ext);
    if (!ext.test(e.name) || /\.(int-|e2e-)?spec\.tsx?$/.test(e.name)) return [];
    return [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }];
  });
}

const isController = (s: Source) => /@Controller\(/.test(s.text);

/** The modules a file imports from (import and export … from). */
export function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g)].map((m) => m[1]);
}

/** `new SomethingException(` or an HttpException-family class imported from @nestjs/common. */
export function exceptionThrows(text: string): string[] {
  const constructed = [...text.matchAll(/\bnew\s+([A-Z]\w*Exception)\s*\(/g)].map((m) => `new ${m[1]}(`);
  const imported = [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@nestjs\/common'/g)]
    .flatMap((m) => m[1].split(','))
    .map((name) => name.trim())
    .filter((name) => /Exception$/.test(name))
    .map((name) => `imports ${name}`);
  return [...constructed, ...imported];
}

/** How many repeating timers (`setInterval(`) a source starts. */
export const intervalTimers = (text: string): number => [...text.matchAll(/\bsetInterval\s*\(/g)].length;

/** The index just past the bracket that closes the one at `open`. */
function closing(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']', '<': '>' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      // skip a string literal (template literals may hold ${…}: balanced, so skipping them whole is fine)
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c in pairs && c !== '<') stack.push(pairs[c]);
    else if (c === ')' || c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  return text.length;
}

/** Each handler of a state-changing route (@Post, @Put, @Patch, @Delete): its method name and body. */
export function writeRoutes(text: string): { method: string; body: string }[] {
  const out: { method: string; body: string }[] = [];
  for (const m of text.matchAll(/@(Post|Put|Patch|Delete)\(/g)) {
    // skip this and the following decorators, then read the method's name, parameters and body
    let i = m.index;
    for (;;) {
      while (/\s/.test(text[i])) i++;
      if (text[i] !== '@') break;
      const name = /^@[\w.]+/.exec(text.slice(i))![0];
      i += name.length;
      if (text[i] === '(') i = closing(text, i);
    }
    const head = /^(?:async\s+)?(\w+)\s*\(/.exec(text.slice(i));
    if (!head) continue;
    const params = closing(text, i + head[0].length - 1);
    const open = text.indexOf('{', params);
    out.push({ method: head[1], body: text.slice(open, closing(text, open)) });
  }
  return out;
}

/** The names of a class's constructor parameters typed CommandBus. */
export const commandBusFields = (text: string): string[] => [...text.matchAll(/(\w+)\s*:\s*CommandBus\b/g)].map((m) => m[1]);

/** The write routes of a controller source that do not dispatch through its CommandBus. */
export function routesBesideTheBus(text: string): string[] {
  const buses = commandBusFields(text);
  return writeRoutes(text)
    .filter((r) => !buses.some((bus) => r.body.includes(`this.${bus}.execute(`)))
    .map((r) => r.method);
}

/** The queue consumers (classes implementing JobHandler) of a source that do not dispatch through a CommandBus. */
export function jobsBesideTheBus(text: string): string[] {
  const buses = commandBusFields(text);
  const dispatches = buses.some((bus) => text.includes(`this.${bus}.execute(`));
  return [...text.matchAll(/class\s+(\w+)\s+implements\s+JobHandler</g)].filter(() => !dispatches).map((m) => m[1]);
}

describe('architecture (issue 24: one way to do each thing)', () => {
  const sources = CHECKED_APPS.flatMap((app) => sourcesOf(join(ROOT, 'apps', app, 'src')));
  const controllers = sources.filter(isController);

  it('finds the controllers it checks', () => {
    for (const app of CHECKED_APPS) expect(controllers.filter((c) => c.path.startsWith(`apps/${app}/`)).length).toBeGreaterThan(0);
  });

  it('has no controller importing TypeORM: reads go through query services, writes through command handlers', () => {
    // the libraries' controllers too (the casework API, health, the integrity part), which every service mounts
    const libControllers = sourcesOf(join(ROOT, 'libs')).filter(isController);
    expect(libControllers.length).toBeGreaterThan(5);
    const offenders = [...controllers, ...libControllers]
      .filter((c) => importsOf(c.text).some((from) => from === 'typeorm' || from.startsWith('@nestjs/typeorm')))
      .map((c) => c.path);
    expect(offenders).toEqual([]);
  });

  it('throws no HttpException outside libs/http: apps throw DomainError(code, message) and the one filter answers it', () => {
    // the libraries too (the validation pipe's refusal is a DomainError): only the filter itself names HttpException
    const libs = sourcesOf(join(ROOT, 'libs')).filter((s) => s.path !== join('libs', 'http', 'src', 'errors.ts'));
    const offenders = [...sources, ...libs].flatMap((s) => exceptionThrows(s.text).map((what) => `${s.path}: ${what}`));
    expect(offenders).toEqual([]);
  });

  it('keeps no timer in process memory: scheduled work is a BullMQ job scheduler, the console listens to the task stream', () => {
    const everything = [...sourcesOf(join(ROOT, 'apps'), /\.tsx?$/), ...sourcesOf(join(ROOT, 'libs'), /\.tsx?$/)];
    expect(everything.length).toBeGreaterThan(100);
    const offenders = everything.filter((s) => intervalTimers(s.text) > 0).map((s) => s.path);
    expect(offenders).toEqual([]);
  });

  it('sends every POST, PUT, PATCH and DELETE through the CommandBus', () => {
    const writes = controllers.flatMap((c) => writeRoutes(c.text));
    expect(writes.length).toBeGreaterThan(5);
    const offenders = controllers
      .flatMap((c) => routesBesideTheBus(c.text).map((method) => `${c.path}: ${method}`))
      .filter((route) => !READ_ONLY_WRITE_ROUTES.includes(route));
    expect(offenders).toEqual([]);
  });

  it('sends every queue message that changes something through the CommandBus (CommandJob), like a request', () => {
    const consumers = sources.filter((s) => /\b(implements JobHandler|extends CommandJob)</.test(s.text));
    expect(consumers.length).toBeGreaterThan(5);
    const offenders = sources.flatMap((s) => jobsBesideTheBus(s.text).map((name) => `${s.path}: ${name}`)).filter((job) => !JOBS_BESIDE_THE_BUS.includes(job));
    expect(offenders).toEqual([]);
  });
});

describe('the architecture checks themselves', () => {
  const controller = `
import { Body, Controller, Post, Put, Get, BadRequestException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
@Controller('x')
export class XController {
  constructor(private readonly commands: CommandBus, private readonly db: DataSource) {}
  @Post()
  @ApiBody({ schema: { type: 'object', properties: { a: { type: 'string' } } } })
  async create(@Body() body: { a: string }) {
    return this.commands.execute(new CreateX(body.a));
  }
  @Put(':id')
  @HttpCode(200)
  async put(@Param() p: { id: string }): Promise<void> {
    if (!p.id) throw new BadRequestException(['id: missing { here']);
    await this.db.getRepository(XRow).update({ id: p.id }, { a: '}' });
  }
  @Get()
  list() { return this.db.query('select 1'); }
}`;

  it('sees a write route beside the bus and lets one through it pass', () => {
    expect(writeRoutes(controller).map((r) => r.method)).toEqual(['create', 'put']);
    expect(routesBesideTheBus(controller)).toEqual(['put']);
  });

  it('sees a queue consumer that writes beside the bus and lets one that dispatches pass', () => {
    const direct = `@Injectable()
export class XHandler implements JobHandler<XV1> {
  constructor(private readonly db: DataSource) {}
  async handle(p: XV1, meta: JobMeta) { await this.db.transaction((tx) => tx.insert(XRow, p)); }
}`;
    const dispatching = `@Injectable()
export class YHandler implements JobHandler<YV1> {
  constructor(private readonly commands: CommandBus) {}
  handle(p: YV1, meta: JobMeta) { return this.commands.execute(new DoY(p, meta)); }
}`;
    expect(jobsBesideTheBus(direct)).toEqual(['XHandler']);
    expect(jobsBesideTheBus(dispatching)).toEqual([]);
    expect(jobsBesideTheBus('export class ZHandler extends CommandJob<ZV1> { protected command(p: ZV1) { return new DoZ(p); } }')).toEqual([]);
  });

  it('sees a repeating timer', () => {
    expect(intervalTimers('const t = setInterval(load, 15_000); clearInterval(t);')).toBe(1);
    expect(intervalTimers('const t = setTimeout(load, 15_000); clearTimeout(t);')).toBe(0);
  });

  it('sees TypeORM imported and an HttpException thrown', () => {
    expect(importsOf(controller)).toContain('typeorm');
    expect(exceptionThrows(controller)).toEqual(['new BadRequestException(', 'imports BadRequestException']);
    expect(exceptionThrows("throw new DomainError('VALIDATION_FAILED', ['x']); if (e instanceof S3ServiceException) {}")).toEqual([]);
  });
});
