import { aPdf } from '../../apps/intake/src/files/testing/samples';
import type { Dept } from '../../libs/contracts/src/enums';
import { RunningSystem, eventually } from './system';
import { aStaff } from './users';

type User = { auth: string };

/** Task kinds only a head of the task's department completes (API.md "Who may act"). */
export const DECIDING_KINDS = ['decision', 'penalty_decision'];

/** What a portal does, as small steps the tests compose. */
export class Portal {
  constructor(readonly sys: RunningSystem) {}

  get(user: User, path: string) {
    return this.sys.http().get(path).set('Authorization', user.auth);
  }

  post(user: User, path: string, body?: object) {
    return this.sys
      .http()
      .post(path)
      .set('Authorization', user.auth)
      .send(body ?? {});
  }

  async subItem(user: User, licenseType: string, kind = 'new') {
    const res = await this.get(user, '/api/v1/catalog/items').expect(200);
    const item = (res.body as { licenseType: string; subItems: { kind: string; code: string; materials: { code: string; required: boolean }[] }[] }[]).find(
      (i) => i.licenseType === licenseType && i.subItems.some((s) => s.kind === kind),
    );
    const sub = item?.subItems.find((s) => s.kind === kind);
    if (!sub) throw new Error(`no ${kind} sub-item for ${licenseType}`);
    return sub;
  }

  /** Uploads a material file (multipart field `file`) as the portal does; the answer's body is { sha256, size, mediaType }. */
  upload(user: User, content: Buffer, fileName = 'material.pdf', contentType = 'application/pdf') {
    return this.sys.http().post('/api/v1/files').set('Authorization', user.auth).attach('file', content, { filename: fileName, contentType });
  }

  /** A complete application body for a sub-item: every required material, each a small real PDF uploaded first. */
  async applicationFor(user: User, licenseType: string, project: Record<string, unknown> = {}, kind = 'new') {
    const sub = await this.subItem(user, licenseType, kind);
    const materials = [];
    for (const m of sub.materials.filter((x) => x.required)) {
      const res = await this.upload(user, aPdf(`${m.code} ${Math.random().toString(36).slice(2)}`), `${m.code}.pdf`);
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload of ${m.code} answered ${res.status}: ${JSON.stringify(res.body)}`);
      materials.push({ code: m.code, fileName: `${m.code}.pdf`, sha256: res.body.sha256 as string });
    }
    return {
      subItemCode: sub.code,
      project: { name: `Project ${Math.random().toString(36).slice(2, 8)}`, ...project },
      materials,
    };
  }

  /** The open task of `applicationId` in the user's inbox, waiting for it to appear (a queue hop away). */
  async taskFor(
    user: User,
    applicationId: string,
    kind?: string,
  ): Promise<{ id: string; kind: string; dept: string; slaLevel: string; dueDate: string | null }> {
    return eventually(
      async () => {
        const res = await this.get(user, '/api/v1/tasks?status=open&limit=1000').expect(200);
        return (res.body.items as { id: string; applicationId: string; kind: string; dept: string; slaLevel: string; dueDate: string | null }[]).find(
          (t) => t.applicationId === applicationId && (!kind || t.kind === kind),
        );
      },
      10_000,
      `${kind ?? 'a'} task of ${applicationId}`,
    );
  }

  /**
   * Puts people into the staff directory as an administrator would (PUT /api/v1/staff/:userId). Each case
   * service gets its copy a queue hop later: `untilKnown` retries what needs it.
   */
  async enrol(admin: User, ...people: { id: string; name?: string; dept: Dept; roles?: string[]; conflicts?: string[]; active?: boolean }[]): Promise<void> {
    for (const p of people) {
      const body = {
        name: p.name ?? p.id,
        dept: p.dept,
        roles: p.roles?.filter((r) => r === 'officer' || r === 'head') ?? ['officer'],
        active: p.active ?? true,
        conflicts: p.conflicts ?? [],
      };
      const res = await this.sys
        .http()
        .put(`/api/v1/staff/${encodeURIComponent(p.id)}`)
        .set('Authorization', admin.auth)
        .send(body);
      if (res.status !== 200) throw new Error(`enrolling ${p.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  }

  /** Sends a request again while the service's copy of the staff directory has not caught up (422 UNKNOWN_ASSIGNEE or 200 expected otherwise). */
  async untilKnown(
    send: () => Promise<{ status: number; body: { code?: string } }>,
    what = 'the staff directory copy',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    return eventually(
      async () => {
        const res = await send();
        return res.status === 422 && res.body.code === 'UNKNOWN_ASSIGNEE' ? undefined : (res as { status: number; body: Record<string, unknown> });
      },
      10_000,
      what,
    );
  }

  complete(user: User, taskId: string, outcome: string, extra: object = {}) {
    return this.post(user, `/api/v1/tasks/${taskId}/complete`, { outcome, ...extra });
  }

  async status(user: User, id: string, status: string) {
    return eventually(
      async () => {
        const res = await this.get(user, `/api/v1/applications/${id}`);
        return res.status === 200 && res.body.status === status ? res.body : undefined;
      },
      10_000,
      `application ${id} to be ${status}`,
    );
  }

  /**
   * Waits until intake's own record shows `status` (its applications list, which the gateway does not compose with
   * the owning service's view): `status()` sees the owner's word first, intake's record follows over the queue.
   */
  async recorded(user: User, id: string, status: string) {
    return eventually(
      async () => {
        const res = await this.get(user, `/api/v1/applications?status=${status}&limit=200`);
        return res.status === 200 && (res.body.items as { id: string }[]).some((a) => a.id === id) ? true : undefined;
      },
      10_000,
      `intake's record of ${id} to be ${status}`,
    );
  }

  async notification(user: User, applicationId: string, kind: string) {
    return eventually(
      async () => {
        const res = await this.get(user, '/api/v1/notifications?limit=1000').expect(200);
        return (res.body.items as { kind: string; applicationId: string; id: string }[]).find((n) => n.applicationId === applicationId && n.kind === kind);
      },
      10_000,
      `${kind} notification for ${applicationId}`,
    );
  }

  /**
   * Approves the open task of `kind` of each department in turn (a countersign: every signer), each by another
   * person (four eyes); a decision by a head of its department (API.md "Who may act").
   */
  async approveAll(id: string, depts: Dept[], kind: string): Promise<void> {
    for (const dept of depts) {
      const who = aStaff(dept, DECIDING_KINDS.includes(kind) ? ['head'] : ['officer']);
      const t = await this.taskFor(who, id, kind);
      await this.complete(who, t.id, 'approve').expect(200);
    }
  }

  /** A discharge-permit case after acceptance: review, the two-section countersign and the decision, all approved. */
  async approveDischargePermit(id: string): Promise<void> {
    await this.approveAll(id, ['pollution'], 'review');
    await this.approveAll(id, ['monitoring', 'enforcement'], 'countersign');
    await this.approveAll(id, ['approval'], 'decision');
  }
}
