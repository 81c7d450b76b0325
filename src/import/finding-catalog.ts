/**
 * What a finding says, in the workbook's language, for the bookkeeper who fixes the workbook: what
 * is wrong and what to do, rendered from its code and params (frictionless-py's error catalogue:
 * the data of a finding apart from its words). The terminal keeps the English `message`, which the
 * administrator relays. A finding whose code has no entry here is shown with its English message,
 * split at the first `: ` into what and what to do.
 */
import type { Lang } from '../config/types.js';
import type { Finding } from './finding.js';

export interface FindingText {
  what: string;
  todo: string;
}

type Params = Readonly<Record<string, string>>;
type Entry = (p: Params) => FindingText;

const CATALOG: Record<Lang, Readonly<Record<string, Entry>>> = {
  en: {
    'invalid-flag': (p) => ({ what: `"${p.value}" is not a value for ${p.column}`, todo: `Write ${p.yes} (or x) to set it, or leave the cell empty.` }),
    'conflicting-flags': (p) => ({ what: `${p.noSync} and ${p.notThisTime} are both set`, todo: 'Keep only one of them.' }),
    formula: (p) => ({ what: `${p.column} holds a formula (=${p.formula})`, todo: 'Type the value itself: formulas are not imported.' }),
    'cell-error': (p) => ({ what: `${p.column} shows an error`, todo: 'Type a valid value or clear the cell.' }),
    'unknown-candidate': (p) =>
      p.candidates === ''
        ? { what: 'This line has no candidates', todo: `Leave ${p.column} empty, or enter ${p.new}.` }
        : { what: `CRM id "${p.value}" is not a candidate of this line`, todo: `Enter one of ${p.candidates}, or ${p.new}.` },
    'crm-id-linked-twice': (p) => ({ what: `CRM id ${p.crmId} is also linked on ${p.other}`, todo: 'A CRM company can be linked to one BOB customer only: change one of them.' }),
    'crm-id-already-linked': (p) => ({ what: `CRM id ${p.crmId} is already linked to another BOB customer in the mapping table`, todo: `Choose another candidate, or ${p.new}.` }),
    'missing-bob-id': (p) => ({ what: `${p.column} is empty`, todo: `Enter the BOB code to create this customer with, or set ${p.notThisTime}.` }),
    'invalid-bob-id': (p) => ({ what: `"${p.value}" is not a valid BOB code`, todo: `Use 1 to 10 capital letters, digits, _ or - (${p.rule}).` }),
    'bob-id-in-use': (p) => ({ what: `The BOB code ${p.value} is already used in BOB`, todo: `Choose another ${p.column}.` }),
    'bob-id-used-twice': (p) => ({ what: `The BOB code ${p.value} is also used on ${p.other}`, todo: 'Each new BOB customer needs its own code.' }),
    'missing-crm-field': (p) => ({ what: `${p.sel} is set but ${p.column} is empty`, todo: `Choose the CRM field to synchronise to, or clear ${p.sel}.` }),
    'unknown-crm-field': (p) => ({ what: `The CRM has no field "${p.value}"`, todo: 'Choose one of the CRM fields from the list, or leave it empty.' }),
    'crm-field-used-twice': (p) => ({ what: `This CRM field is also selected on ${p.other}`, todo: 'Synchronise each CRM field from one personal field only.' }),
    'invalid-condition': (p) => ({ what: `"${p.value}" is not a condition`, todo: `Choose one of ${p.operators}.` }),
    'missing-value': (p) => ({ what: `The condition "${p.condition}" needs a ${p.column}`, todo: 'Enter one, or choose empty or not empty.' }),
    'changed-cell': (p) =>
      p.column === undefined
        ? { what: 'A read-only cell of this line was changed', todo: 'Undo the change (the locked cells must keep their exported values), or export the proposal again.' }
        : { what: `${p.column} was changed from "${p.from}" to "${p.to}"`, todo: 'Read-only cells must keep their exported value: undo the change, or export the proposal again.' },
  },
  nl: {
    'invalid-flag': (p) => ({ what: `"${p.value}" is geen waarde voor ${p.column}`, todo: `Schrijf ${p.yes} (of x) om het aan te zetten, of laat de cel leeg.` }),
    'conflicting-flags': (p) => ({ what: `${p.noSync} en ${p.notThisTime} staan allebei aan`, todo: 'Hou er maar één van.' }),
    formula: (p) => ({ what: `${p.column} bevat een formule (=${p.formula})`, todo: 'Typ de waarde zelf: formules worden niet ingelezen.' }),
    'cell-error': (p) => ({ what: `${p.column} toont een fout`, todo: 'Typ een geldige waarde of maak de cel leeg.' }),
    'unknown-candidate': (p) =>
      p.candidates === ''
        ? { what: 'Deze regel heeft geen kandidaten', todo: `Laat ${p.column} leeg, of vul ${p.new} in.` }
        : { what: `CRM-id "${p.value}" is geen kandidaat van deze regel`, todo: `Vul een van ${p.candidates} in, of ${p.new}.` },
    'crm-id-linked-twice': (p) => ({ what: `CRM-id ${p.crmId} wordt ook gekoppeld op ${p.other}`, todo: 'Een CRM-bedrijf kan maar aan één BOB-klant gekoppeld worden: wijzig een van beide.' }),
    'crm-id-already-linked': (p) => ({ what: `CRM-id ${p.crmId} is in de Overeenkomstentabel al aan een andere BOB-klant gekoppeld`, todo: `Kies een andere kandidaat, of ${p.new}.` }),
    'missing-bob-id': (p) => ({ what: `${p.column} is leeg`, todo: `Vul de BOB-code in waarmee deze klant wordt aangemaakt, of zet ${p.notThisTime} aan.` }),
    'invalid-bob-id': (p) => ({ what: `"${p.value}" is geen geldige BOB-code`, todo: `Gebruik 1 tot 10 hoofdletters, cijfers, _ of - (${p.rule}).` }),
    'bob-id-in-use': (p) => ({ what: `De BOB-code ${p.value} wordt in BOB al gebruikt`, todo: `Kies een andere ${p.column}.` }),
    'bob-id-used-twice': (p) => ({ what: `De BOB-code ${p.value} wordt ook gebruikt op ${p.other}`, todo: 'Elke nieuwe BOB-klant heeft een eigen code nodig.' }),
    'missing-crm-field': (p) => ({ what: `${p.sel} staat aan maar ${p.column} is leeg`, todo: `Kies het CRM-veld waarnaar gesynchroniseerd wordt, of zet ${p.sel} uit.` }),
    'unknown-crm-field': (p) => ({ what: `De CRM heeft geen veld "${p.value}"`, todo: 'Kies een van de CRM-velden uit de lijst, of laat het leeg.' }),
    'crm-field-used-twice': (p) => ({ what: `Dit CRM-veld is ook gekozen op ${p.other}`, todo: 'Synchroniseer elk CRM-veld vanuit één persoonlijk veld.' }),
    'invalid-condition': (p) => ({ what: `"${p.value}" is geen voorwaarde`, todo: `Kies een van ${p.operators}.` }),
    'missing-value': (p) => ({ what: `De voorwaarde "${p.condition}" heeft een ${p.column} nodig`, todo: 'Vul er een in, of kies leeg of niet leeg.' }),
    'changed-cell': (p) =>
      p.column === undefined
        ? { what: 'Een beveiligde cel van deze regel werd gewijzigd', todo: 'Maak de wijziging ongedaan (beveiligde cellen houden hun waarde), of exporteer het voorstel opnieuw.' }
        : { what: `${p.column} werd gewijzigd van "${p.from}" in "${p.to}"`, todo: 'Beveiligde cellen houden hun waarde: maak de wijziging ongedaan, of exporteer het voorstel opnieuw.' },
  },
  fr: {
    'invalid-flag': (p) => ({ what: `« ${p.value} » n’est pas une valeur pour ${p.column}`, todo: `Écrivez ${p.yes} (ou x) pour l’activer, ou laissez la cellule vide.` }),
    'conflicting-flags': (p) => ({ what: `${p.noSync} et ${p.notThisTime} sont tous deux activés`, todo: 'N’en gardez qu’un.' }),
    formula: (p) => ({ what: `${p.column} contient une formule (=${p.formula})`, todo: 'Tapez la valeur elle-même : les formules ne sont pas importées.' }),
    'cell-error': (p) => ({ what: `${p.column} affiche une erreur`, todo: 'Tapez une valeur valide ou videz la cellule.' }),
    'unknown-candidate': (p) =>
      p.candidates === ''
        ? { what: 'Cette ligne n’a pas de candidats', todo: `Laissez ${p.column} vide, ou indiquez ${p.new}.` }
        : { what: `L’ID CRM « ${p.value} » n’est pas un candidat de cette ligne`, todo: `Indiquez l’un de ${p.candidates}, ou ${p.new}.` },
    'crm-id-linked-twice': (p) => ({ what: `L’ID CRM ${p.crmId} est aussi lié en ${p.other}`, todo: 'Une société du CRM ne peut être liée qu’à un seul client BOB : modifiez l’une des deux lignes.' }),
    'crm-id-already-linked': (p) => ({ what: `L’ID CRM ${p.crmId} est déjà lié à un autre client BOB dans la table de correspondance`, todo: `Choisissez un autre candidat, ou ${p.new}.` }),
    'missing-bob-id': (p) => ({ what: `${p.column} est vide`, todo: `Indiquez le code BOB sous lequel créer ce client, ou activez ${p.notThisTime}.` }),
    'invalid-bob-id': (p) => ({ what: `« ${p.value} » n’est pas un code BOB valide`, todo: `Utilisez 1 à 10 majuscules, chiffres, _ ou - (${p.rule}).` }),
    'bob-id-in-use': (p) => ({ what: `Le code BOB ${p.value} est déjà utilisé dans BOB`, todo: `Choisissez un autre ${p.column}.` }),
    'bob-id-used-twice': (p) => ({ what: `Le code BOB ${p.value} est aussi utilisé en ${p.other}`, todo: 'Chaque nouveau client BOB a besoin de son propre code.' }),
    'missing-crm-field': (p) => ({ what: `${p.sel} est activé mais ${p.column} est vide`, todo: `Choisissez le champ CRM vers lequel synchroniser, ou désactivez ${p.sel}.` }),
    'unknown-crm-field': (p) => ({ what: `Le CRM n’a pas de champ « ${p.value} »`, todo: 'Choisissez un des champs du CRM dans la liste, ou laissez vide.' }),
    'crm-field-used-twice': (p) => ({ what: `Ce champ CRM est aussi choisi en ${p.other}`, todo: 'Synchronisez chaque champ CRM depuis un seul champ personnel.' }),
    'invalid-condition': (p) => ({ what: `« ${p.value} » n’est pas une condition`, todo: `Choisissez l’une de ${p.operators}.` }),
    'missing-value': (p) => ({ what: `La condition « ${p.condition} » demande une ${p.column}`, todo: 'Indiquez-en une, ou choisissez vide ou non vide.' }),
    'changed-cell': (p) =>
      p.column === undefined
        ? { what: 'Une cellule protégée de cette ligne a été modifiée', todo: 'Annulez la modification (les cellules protégées gardent leur valeur), ou exportez à nouveau la proposition.' }
        : { what: `${p.column} a été modifié de « ${p.from} » en « ${p.to} »`, todo: 'Les cellules protégées gardent leur valeur : annulez la modification, ou exportez à nouveau la proposition.' },
  },
};

/** What `finding` says in `lang`: from the catalogue when it carries params, else its English message. */
export function findingText(finding: Finding, lang: Lang): FindingText {
  const entry = finding.params === undefined ? undefined : CATALOG[lang][finding.code];
  if (entry !== undefined) return entry(finding.params!);
  const at = finding.message.indexOf(': ');
  if (at < 0) return { what: finding.message, todo: '' };
  const todo = finding.message.slice(at + 2);
  return { what: finding.message.slice(0, at), todo: todo.charAt(0).toUpperCase() + todo.slice(1) };
}

/** The codes the catalogue renders in every language (a test keeps the three in step). */
export const CATALOGUED_CODES: readonly string[] = Object.keys(CATALOG.en);
export const CATALOG_LANGS: Readonly<Record<Lang, readonly string[]>> = { en: Object.keys(CATALOG.en), nl: Object.keys(CATALOG.nl), fr: Object.keys(CATALOG.fr) };
