/**
 * Checks across rows: a CRM company linked to one BOB customer only (and not one the mapping table
 * already links elsewhere), a new BOB code used once, a CRM field fed by one personal field. The
 * rows claim values as they are read; the findings come once every row is in.
 */
import { cellRef } from '../workbook/cell-address.js';
import { cellFinding, type Finding } from './finding.js';

/** Where a value was claimed. */
export interface Place {
  sheet: string;
  row: number;
  col: number;
  rowKey: string;
}

interface LinkClaim extends Place {
  /** Typed by the bookkeeper (Link to CRM id), as opposed to implied by a `link` row. */
  explicit: boolean;
}

export class Claims {
  private readonly links = new Map<string, LinkClaim[]>();
  private readonly bobIds = new Map<string, Place[]>();
  private readonly crmFields = new Map<string, Place[]>();

  /** A row links to CRM company `crmId`: chosen in Link to CRM id (`explicit`) or proposed as a link. */
  link(crmId: string, place: Place, explicit: boolean): void {
    claim(this.links, crmId, { ...place, explicit });
  }

  /** A row creates a BOB customer with this (upper-case) code. */
  bobId(bobId: string, place: Place): void {
    claim(this.bobIds, bobId, place);
  }

  /** A personal field is synchronised to this CRM field (lower case). */
  crmField(name: string, place: Place): void {
    claim(this.crmFields, name, place);
  }

  /** The findings of every value claimed twice, or linked already in the mapping table. */
  findings(linkedCrmIds: { has(id: string): boolean }): Finding[] {
    const findings: Finding[] = [];
    for (const [crmId, claims] of this.links) {
      // The proposal's own links come first: the bookkeeper's choice is the one to change.
      const ordered = [...claims.filter((c) => !c.explicit), ...claims.filter((c) => c.explicit)];
      ordered.forEach((claim, i) => {
        if (!claim.explicit) return;
        if (linkedCrmIds.has(crmId)) {
          findings.push(
            at(claim, 'crm-id-already-linked', `CRM id ${crmId} is already linked to another BOB customer in the mapping table: choose another candidate, or new.`),
          );
        } else if (i > 0) {
          const first = ordered[0]!;
          findings.push(
            at(
              claim,
              'crm-id-linked-twice',
              `CRM id ${crmId} is also linked on ${refOf(first)} (${first.rowKey}): a CRM company can be linked to one BOB customer only; change one of them.`,
            ),
          );
        }
      });
    }
    for (const [bobId, places] of this.bobIds) {
      for (const place of places.slice(1)) {
        findings.push(
          at(place, 'bob-id-used-twice', `The BOB code ${bobId} is also used on ${refOf(places[0]!)} (${places[0]!.rowKey}): each new BOB customer needs its own code.`),
        );
      }
    }
    for (const places of this.crmFields.values()) {
      for (const place of places.slice(1)) {
        findings.push(
          at(
            place,
            'crm-field-used-twice',
            `This CRM field is also selected on ${refOf(places[0]!)} (${places[0]!.rowKey}): synchronise each CRM field from one personal field only.`,
          ),
        );
      }
    }
    return findings;
  }
}

function claim<T>(claims: Map<string, T[]>, value: string, place: T): void {
  const list = claims.get(value);
  if (list === undefined) claims.set(value, [place]);
  else list.push(place);
}

function at(place: Place, code: 'crm-id-already-linked' | 'crm-id-linked-twice' | 'bob-id-used-twice' | 'crm-field-used-twice', message: string): Finding {
  return cellFinding(code, place.sheet, place.row, place.col, place.rowKey, message);
}

function refOf(place: Place): string {
  return cellRef(place.sheet, place.row, place.col);
}
