/**
 * Every text of the workbook per language (nl, fr, en) other than the layout contract in
 * columns.ts: exclusion reasons, how a pair was matched, the Summary sheet (title, instructions,
 * counts), warnings, and the words used to format changes and candidates. Dutch and French are
 * the Belgian business terms the bookkeeper knows from BOB (Geen sync. / Jamais sync., Deze keer
 * niet / Pas cette fois, Overeenkomstentabel / Table de correspondance).
 */
import type { Lang } from '../src/config/types.js';
import type { ConditionOperator, ExclusionReason, VatReason } from '../src/engine/model.js';
import type { OperationKind } from '../src/engine/plan-model.js';

export interface WorkbookTexts {
  summary: {
    title: string;
    /** Heading of what needs the bookkeeper, above the confirmation. */
    todo: string;
    toChoose: (lines: number) => string;
    newBobIds: (companies: number) => string;
    invalidVat: (companies: number) => string;
    /** A condition on `field` (`condition`, e.g. `= IT`) leaves `leftOut` of `of` direction lines out of the run. */
    condition: (field: string, condition: string, leftOut: number, of: number) => string;
    nothingToDo: string;
    proposal: string;
    createdAt: string;
    createdBy: string;
    bob: string;
    crm: string;
    /** Where the times shown are. */
    times: string;
    timesValue: string;
    /** Heading above the counts per sheet and action. */
    counts: string;
    /** Heading above the instructions. */
    howTo: string;
    /** One instruction per line, in reading order. */
    instructions: string[];
  };
  /** Count labels on the Summary (actions come from ACTION_LABELS, reasons from `exclusionReasons`). */
  countLabels: { rows: string; selected: string; noSync: string };
  exclusionReasons: Record<ExclusionReason, string>;
  matchedBy: { mapping: string; vat: string; bobid: string };
  sides: { bob: string; crm: string };
  /** Labels of the engine's change field keys (`name`, `postcode`, `person`, …); unknown keys are shown as they are. */
  fields: Record<string, string>;
  /** Prefix of a personal field change (`pf:<COLUMN>`) whose label is unknown. */
  personalField: string;
  /** Shown for an empty value in a change (`Phone: (empty) → 02 123 45 67`). */
  empty: string;
  /** Appended to a cell cut at the cell size limit. */
  truncated: string;
  /** What is wrong with an invalid VAT number, after `warnings.invalidVat` or as the detail of `invalid-vat`. */
  vatReasons: Record<VatReason, string>;
  warnings: {
    invalidVat: string;
    /** Followed by the CRM ids of the candidates found by name. */
    possibleNameMatch: string;
    /** On a `choose` row: several CRM companies carry the VAT number. */
    chooseByVat: string;
    /** On a `choose` row: several CRM companies carry this BOB id in their BOB id field. */
    chooseByBobId: string;
    /** On a `choose` row: other BOB customers (`others`) have the same VAT number as this one. */
    chooseSharedVat: (others: string, crmIds: string) => string;
  };
  /**
   * What BOB will receive other than the CRM has it (CRM to BOB, fit-bob): `{field}`, `{into}`,
   * `{from}`, `{to}`, `{width}` are filled in; `person` prefixes a contact person's field.
   */
  fit: {
    continued: string;
    shortened: string;
    characters: string;
    'country-code': string;
    'country-unknown': string;
    person: string;
  };
  validation: {
    errorTitle: string;
    listError: string;
    /** Shown when a flag cell is selected. */
    flagPrompt: string;
    /** Shown when a Condition cell is selected. */
    conditionPrompt: string;
  };
  /** The condition operators as the Condition dropdown offers them. */
  conditionOperators: Record<ConditionOperator, string>;
  /** The Result column of a result workbook (a failure's reason is the error's own text). */
  results: {
    applied: string;
    wouldApply: string;
    notRun: string;
    skipped: string;
    failed: string;
    skipReasons: Record<'no sync' | 'not this time' | 'stale' | 'needs a choice' | 'deleted' | 'unchanged', string>;
    /** `condition XSECTOR`: left out by the condition on that personal field. */
    condition: string;
  };
  /** The Run sheet of a result workbook. */
  run: {
    title: string;
    runId: string;
    proposalId: string;
    status: string;
    user: string;
    startedAt: string;
    finishedAt: string;
    reviewedBy: string;
    importedPath: string;
    importedSha256: string;
    times: string;
    counts: string;
    statuses: { applied: string; 'partially-applied': string; 'dry run': string };
    /** `Rows applied`, `Rows skipped: not this time`: the row counts, by the Result column's words. */
    rows: string;
    operations: string;
    operationsApplied: string;
    operationsEarlier: string;
    operationsFailed: string;
    operationsNotRun: string;
    /** Followed by the operation's label. */
    appliedKind: string;
  };
  /** What each kind of operation does. */
  operations: Record<OperationKind, string>;
  /** The Findings sheet of a findings workbook. */
  findings: { title: string; intro: string; cell: string; what: string; todo: string };
}

export const TEXTS: Record<Lang, WorkbookTexts> = {
  en: {
    summary: {
      title: 'bobsync — synchronisation proposal BOB ⇄ CRM',
      todo: 'What needs you',
      toChoose: (n) => `${n} line(s) need your choice: on BOB to CRM, filter Action = Choose and pick a candidate, or new, in Link to CRM id.`,
      newBobIds: (n) => `${n} CRM company(ies) will be created in BOB: check their New BOB id on CRM to BOB.`,
      invalidVat: (n) =>
        `${n} CRM company(ies) have a VAT number that fails its check: they are held back with Not this time on CRM to BOB. Correct the number in the CRM, or clear Not this time to create them anyway.`,
      condition: (field, condition, leftOut, of) =>
        `The condition on ${field} (${condition}) leaves ${leftOut} of ${of} lines out of this whole run, on every sheet (see Personal fields).`,
      nothingToDo: 'Nothing needs a choice: review the proposed lines, then confirm below.',
      proposal: 'Proposal',
      createdAt: 'Created at',
      createdBy: 'Created by',
      bob: 'BOB 50 (accounting)',
      crm: 'Sage CRM',
      times: 'Times',
      timesValue: 'Brussels time (Europe/Brussels)',
      counts: 'Proposed',
      howTo: 'How to review',
      instructions: [
        'Edit only the yellow cells; the other cells are locked and are checked when the workbook is imported.',
        'Filter with the arrows in row 1. Sorting is not possible while a sheet is protected, and is not needed: rows are read by their Row key. Do not add rows.',
        'BOB to CRM: what will be created or updated in the CRM. BOB is the master: its values overwrite those in the CRM.',
        'CRM to BOB: CRM customers (BobSync ticked, with a VAT number) that will be created in BOB under the New BOB id; you may change that code.',
        '"No sync" = Yes: never synchronise this third party; it disappears from later proposals. To undo it, clear No sync in the Mapping table. An empty cell is no.',
        '"Not this time" = Yes: skip this line in this run only; it is proposed again next time.',
        '"Link to CRM id": on a line with candidates, choose one of the Candidates, or "new" to create a new company in the CRM.',
        'Personal fields: Sel = Yes synchronises the field to the chosen CRM field. A Condition limits the whole synchronisation, on every sheet, to the customers that meet it.',
        'Note: free text, kept with the result.',
        'Excluded: what is not proposed, and why (for information only).',
        'When everything has been reviewed, set "The synchronisation data is correct" to Yes and fill in Reviewed by. Nothing is applied before that.',
      ],
    },
    countLabels: { rows: 'Lines', selected: 'Selected', noSync: 'No sync' },
    exclusionReasons: {
      supplier: 'Supplier only (only customers are synchronised)',
      'no-sync': 'No sync in the mapping table',
      'bobsync-unticked': 'BobSync not ticked in the CRM',
      'not-customer': 'CRM type is not Customer',
      'no-vat': 'No VAT number',
      'invalid-vat': 'Invalid VAT number',
      'matches-bob-supplier': 'Same VAT number as a supplier in BOB',
      'matches-no-sync': 'Same VAT number as a third party marked No sync',
      'duplicate-of-linked': 'Same VAT number as a company that is already linked',
      'candidate-of-choice': 'Candidate on a line to choose (BOB to CRM)',
      'in-sync': 'Already in sync (no changes)',
      'duplicate-in-crm': 'Same VAT number as another CRM company proposed for creation in BOB',
    },
    matchedBy: { mapping: 'Mapping table', vat: 'VAT number', bobid: 'BOB id in the CRM' },
    sides: { bob: 'BOB', crm: 'CRM' },
    fields: {
      name: 'Name',
      name2: 'Name 2',
      address1: 'Address',
      address2: 'Address 2',
      postcode: 'Postcode',
      locality: 'City',
      city: 'City',
      country: 'Country',
      language: 'Language',
      vat: 'VAT',
      phone: 'Phone',
      fax: 'Fax',
      email: 'E-mail',
      website: 'Website',
      type: 'Type',
      status: 'Status',
      bobId: 'BOB id',
      person: 'Contact person',
      firstName: 'First name',
      lastName: 'Last name',
      title: 'Function',
      mobile: 'Mobile',
    },
    personalField: 'Personal field',
    empty: '(empty)',
    truncated: '… (truncated)',
    vatReasons: {
      checksum: 'the check digits are wrong',
      length: 'wrong number of characters',
      format: 'wrong format',
      'unknown-prefix': 'not an EU country prefix',
    },
    warnings: {
      invalidVat: 'Invalid VAT number',
      possibleNameMatch: 'Possible match by name',
      chooseByVat: 'Several CRM companies have this VAT number: choose one in Link to CRM id',
      chooseByBobId: 'Several CRM companies carry this BOB id: choose one in Link to CRM id',
      chooseSharedVat: (others, crmIds) =>
        `BOB customer ${others} has the same VAT number: link CRM ${crmIds} on one of these lines only, and choose new or No sync on the other`,
    },
    fit: {
      continued: '{field} continues on {into}: {to}',
      shortened: '{field} shortened to {width} characters: {to}',
      characters: '{field}: characters BOB cannot hold replaced: {to}',
      'country-code': 'Country {from} → {to}',
      'country-unknown': 'Country {from} is not known: left empty',
      person: 'Contact {person}: ',
    },
    validation: {
      errorTitle: 'Invalid value',
      listError: 'Choose a value from the list, or leave the cell empty.',
      flagPrompt: 'Yes to set it; an empty cell is no.',
      conditionPrompt: 'A condition limits the whole synchronisation, on every sheet, to the customers that meet it.',
    },
    conditionOperators: { '=': '=', '≠': '≠', contains: 'contains', 'starts with': 'starts with', empty: 'empty', 'not empty': 'not empty', '<': '<', '>': '>' },
    results: {
      applied: 'applied',
      wouldApply: 'would apply',
      notRun: 'not run',
      skipped: 'skipped',
      failed: 'failed',
      skipReasons: { 'no sync': 'no sync', 'not this time': 'not this time', stale: 'stale', 'needs a choice': 'needs a choice', deleted: 'deleted', unchanged: 'unchanged' },
      condition: 'condition',
    },
    run: {
      title: 'bobsync — result of the import',
      runId: 'Run',
      proposalId: 'Proposal',
      status: 'Status',
      user: 'Applied by',
      startedAt: 'Started at',
      finishedAt: 'Finished at',
      reviewedBy: 'Reviewed by',
      importedPath: 'Imported file',
      importedSha256: 'SHA-256 of the imported file',
      times: 'Times',
      counts: 'Counts',
      statuses: { applied: 'applied', 'partially-applied': 'partially applied', 'dry run': 'dry run' },
      rows: 'Rows',
      operations: 'Operations',
      operationsApplied: 'Operations applied',
      operationsEarlier: 'Operations done by an earlier run',
      operationsFailed: 'Operations failed',
      operationsNotRun: 'Operations not run',
      appliedKind: 'Applied',
    },
    operations: {
      'crm-create-company': 'Create company in CRM',
      'crm-update-company': 'Update company in CRM',
      'crm-set-bobid': 'Store BOB id in CRM',
      'bob-insert-customer': 'Create customer in BOB',
      'map-link': 'Record link in mapping table',
      'map-nosync': 'Record No sync',
      'map-clear-nosync': 'Clear No sync',
      'pf-save': 'Save personal-field setting',
    },
    findings: {
      title: 'bobsync — findings of the import',
      intro: 'Fix each finding in this very workbook (the cells are marked in red, the Findings column says what is wrong on each line), then send it back: it is imported like the original.',
      cell: 'Cell',
      what: 'What is wrong',
      todo: 'What to do',
    },
  },
  nl: {
    summary: {
      title: 'bobsync — synchronisatievoorstel BOB ⇄ CRM',
      todo: 'Te doen',
      toChoose: (n) => `${n} regel(s) wachten op uw keuze: filter in BOB naar CRM op Actie = Kiezen en kies een kandidaat, of nieuw, in Koppelen aan CRM-id.`,
      newBobIds: (n) => `${n} CRM-bedrijf (bedrijven) worden in BOB aangemaakt: kijk hun Nieuwe BOB-code na in CRM naar BOB.`,
      invalidVat: (n) =>
        `${n} CRM-bedrijf (bedrijven) hebben een btw-nummer dat de controle niet doorstaat: ze worden tegengehouden met Deze keer niet in CRM naar BOB. Verbeter het nummer in de CRM, of wis Deze keer niet om ze toch aan te maken.`,
      condition: (field, condition, leftOut, of) =>
        `De voorwaarde op ${field} (${condition}) sluit ${leftOut} van de ${of} regels uit van deze hele synchronisatie, op alle bladen (zie Persoonlijke velden).`,
      nothingToDo: 'Er hoeft niets gekozen te worden: kijk de voorgestelde regels na en bevestig hieronder.',
      proposal: 'Voorstel',
      createdAt: 'Aangemaakt op',
      createdBy: 'Aangemaakt door',
      bob: 'BOB 50 (boekhouding)',
      crm: 'Sage CRM',
      times: 'Tijden',
      timesValue: 'Belgische tijd (Europe/Brussels)',
      counts: 'Voorgesteld',
      howTo: 'Werkwijze',
      instructions: [
        'Wijzig alleen de gele cellen; de andere cellen zijn beveiligd en worden bij het inlezen gecontroleerd.',
        'Filteren kan met de pijltjes in rij 1. Sorteren kan niet zolang een blad beveiligd is, en is niet nodig: regels worden gelezen aan hun Rijsleutel. Voeg geen regels toe.',
        'BOB naar CRM: wat in de CRM wordt aangemaakt of bijgewerkt. BOB is leidend: de gegevens uit BOB overschrijven die in de CRM.',
        'CRM naar BOB: CRM-klanten (BobSync aangevinkt, met btw-nummer) die in BOB worden aangemaakt met de Nieuwe BOB-code; u mag die code wijzigen.',
        '"Geen sync." = Ja: deze derde nooit synchroniseren; hij verdwijnt uit de volgende voorstellen. Ongedaan maken: wis Geen sync. in de Overeenkomstentabel. Een lege cel is nee.',
        '"Deze keer niet" = Ja: deze regel alleen bij deze synchronisatie overslaan; hij wordt de volgende keer opnieuw voorgesteld.',
        '"Koppelen aan CRM-id": kies bij een regel met kandidaten een van de Kandidaten, of "nieuw" om een nieuw bedrijf in de CRM aan te maken.',
        'Persoonlijke velden: Sel = Ja synchroniseert het veld naar het gekozen CRM-veld. Een Voorwaarde beperkt de hele synchronisatie, op alle bladen, tot de klanten die eraan voldoen.',
        'Opmerking: vrije tekst, wordt bij het resultaat bewaard.',
        'Uitgesloten: wat niet wordt voorgesteld, en waarom (enkel ter informatie).',
        'Is alles nagekeken, zet dan "De synchronisatiegegevens zijn correct" op Ja en vul Nagekeken door in. Voordien wordt niets uitgevoerd.',
      ],
    },
    countLabels: { rows: 'Regels', selected: 'Geselecteerd', noSync: 'Geen sync.' },
    exclusionReasons: {
      supplier: 'Enkel leverancier (alleen klanten worden gesynchroniseerd)',
      'no-sync': 'Geen sync. in de Overeenkomstentabel',
      'bobsync-unticked': 'BobSync niet aangevinkt in de CRM',
      'not-customer': 'Type in de CRM is niet Klant',
      'no-vat': 'Geen btw-nummer',
      'invalid-vat': 'Ongeldig btw-nummer',
      'matches-bob-supplier': 'Zelfde btw-nummer als een leverancier in BOB',
      'matches-no-sync': 'Zelfde btw-nummer als een derde met Geen sync.',
      'duplicate-of-linked': 'Zelfde btw-nummer als een bedrijf dat al gekoppeld is',
      'candidate-of-choice': 'Kandidaat op een regel om te kiezen (BOB naar CRM)',
      'in-sync': 'Al gesynchroniseerd (geen wijzigingen)',
      'duplicate-in-crm': 'Zelfde btw-nummer als een ander CRM-bedrijf dat in BOB wordt aangemaakt',
    },
    matchedBy: { mapping: 'Overeenkomstentabel', vat: 'Btw-nummer', bobid: 'BOB-code in de CRM' },
    sides: { bob: 'BOB', crm: 'CRM' },
    fields: {
      name: 'Naam',
      name2: 'Naam 2',
      address1: 'Adres',
      address2: 'Adres 2',
      postcode: 'Postcode',
      locality: 'Gemeente',
      city: 'Gemeente',
      country: 'Land',
      language: 'Taal',
      vat: 'Btw-nummer',
      phone: 'Telefoon',
      fax: 'Fax',
      email: 'E-mail',
      website: 'Website',
      type: 'Type',
      status: 'Status',
      bobId: 'BOB-code',
      person: 'Contactpersoon',
      firstName: 'Voornaam',
      lastName: 'Familienaam',
      title: 'Functie',
      mobile: 'Gsm',
    },
    personalField: 'Persoonlijk veld',
    empty: '(leeg)',
    truncated: '… (ingekort)',
    vatReasons: {
      checksum: 'de controlecijfers kloppen niet',
      length: 'verkeerd aantal tekens',
      format: 'verkeerde opbouw',
      'unknown-prefix': 'geen landcode van de EU',
    },
    warnings: {
      invalidVat: 'Ongeldig btw-nummer',
      possibleNameMatch: 'Mogelijke overeenkomst op naam',
      chooseByVat: 'Meerdere CRM-bedrijven hebben dit btw-nummer: kies er een in Koppelen aan CRM-id',
      chooseByBobId: 'Meerdere CRM-bedrijven dragen deze BOB-code: kies er een in Koppelen aan CRM-id',
      chooseSharedVat: (others, crmIds) =>
        `Ook BOB-klant ${others} heeft dit btw-nummer: koppel CRM ${crmIds} op slechts één van deze regels, en kies nieuw of Geen sync. op de andere`,
    },
    fit: {
      continued: '{field} loopt door op {into}: {to}',
      shortened: '{field} ingekort tot {width} tekens: {to}',
      characters: '{field}: tekens die BOB niet kan bewaren vervangen: {to}',
      'country-code': 'Land {from} → {to}',
      'country-unknown': 'Land {from} is onbekend: leeg gelaten',
      person: 'Contactpersoon {person}: ',
    },
    validation: {
      errorTitle: 'Ongeldige waarde',
      listError: 'Kies een waarde uit de lijst of laat de cel leeg.',
      flagPrompt: 'Ja om het aan te zetten; een lege cel is nee.',
      conditionPrompt: 'Een voorwaarde beperkt de hele synchronisatie, op alle bladen, tot de klanten die eraan voldoen.',
    },
    conditionOperators: { '=': '=', '≠': '≠', contains: 'bevat', 'starts with': 'begint met', empty: 'leeg', 'not empty': 'niet leeg', '<': '<', '>': '>' },
    results: {
      applied: 'toegepast',
      wouldApply: 'zou worden toegepast',
      notRun: 'niet uitgevoerd',
      skipped: 'overgeslagen',
      failed: 'mislukt',
      skipReasons: {
        'no sync': 'geen sync.',
        'not this time': 'deze keer niet',
        stale: 'gewijzigd sinds de export',
        'needs a choice': 'wacht op een keuze',
        deleted: 'regel verwijderd',
        unchanged: 'ongewijzigd',
      },
      condition: 'voorwaarde',
    },
    run: {
      title: 'bobsync — resultaat van de import',
      runId: 'Uitvoering',
      proposalId: 'Voorstel',
      status: 'Status',
      user: 'Uitgevoerd door',
      startedAt: 'Gestart op',
      finishedAt: 'Beëindigd op',
      reviewedBy: 'Nagekeken door',
      importedPath: 'Ingelezen bestand',
      importedSha256: 'SHA-256 van het ingelezen bestand',
      times: 'Tijden',
      counts: 'Aantallen',
      statuses: { applied: 'toegepast', 'partially-applied': 'gedeeltelijk toegepast', 'dry run': 'proefdraai (niets gewijzigd)' },
      rows: 'Regels',
      operations: 'Bewerkingen',
      operationsApplied: 'Bewerkingen uitgevoerd',
      operationsEarlier: 'Bewerkingen al uitgevoerd door een eerdere run',
      operationsFailed: 'Bewerkingen mislukt',
      operationsNotRun: 'Bewerkingen niet uitgevoerd',
      appliedKind: 'Uitgevoerd',
    },
    operations: {
      'crm-create-company': 'Bedrijf aanmaken in CRM',
      'crm-update-company': 'Bedrijf bijwerken in CRM',
      'crm-set-bobid': 'BOB-code bewaren in CRM',
      'bob-insert-customer': 'Klant aanmaken in BOB',
      'map-link': 'Koppeling bewaren in de Overeenkomstentabel',
      'map-nosync': 'Geen sync. bewaren',
      'map-clear-nosync': 'Geen sync. wissen',
      'pf-save': 'Instelling persoonlijk veld bewaren',
    },
    findings: {
      title: 'bobsync — bevindingen van het inlezen',
      intro: 'Verbeter elke bevinding in dit werkboek zelf (de cellen zijn rood gemarkeerd, de kolom Bevindingen zegt per regel wat er mis is) en stuur het terug: het wordt ingelezen zoals het origineel.',
      cell: 'Cel',
      what: 'Wat is er mis',
      todo: 'Wat te doen',
    },
  },
  fr: {
    summary: {
      title: 'bobsync — proposition de synchronisation BOB ⇄ CRM',
      todo: 'À faire',
      toChoose: (n) => `${n} ligne(s) attendent votre choix : dans BOB vers CRM, filtrez Action = Choisir et choisissez un candidat, ou nouveau, dans Lier à l’ID CRM.`,
      newBobIds: (n) => `${n} société(s) du CRM seront créées dans BOB : vérifiez leur Nouveau code BOB dans CRM vers BOB.`,
      invalidVat: (n) =>
        `${n} société(s) du CRM ont un numéro de TVA qui ne passe pas le contrôle : elles sont retenues par Pas cette fois dans CRM vers BOB. Corrigez le numéro dans le CRM, ou effacez Pas cette fois pour les créer quand même.`,
      condition: (field, condition, leftOut, of) =>
        `La condition sur ${field} (${condition}) exclut ${leftOut} des ${of} lignes de toute cette synchronisation, sur toutes les feuilles (voir Champs personnels).`,
      nothingToDo: 'Aucun choix n’est nécessaire : vérifiez les lignes proposées, puis confirmez ci-dessous.',
      proposal: 'Proposition',
      createdAt: 'Créée le',
      createdBy: 'Créée par',
      bob: 'BOB 50 (comptabilité)',
      crm: 'Sage CRM',
      times: 'Heures',
      timesValue: 'Heure de Bruxelles (Europe/Brussels)',
      counts: 'Proposé',
      howTo: 'Mode d’emploi',
      instructions: [
        'Modifiez uniquement les cellules jaunes ; les autres cellules sont protégées et contrôlées lors de l’import.',
        'Filtrez avec les flèches de la ligne 1. Le tri n’est pas possible tant qu’une feuille est protégée, et n’est pas nécessaire : les lignes sont lues par leur Clé de ligne. N’ajoutez pas de lignes.',
        'BOB vers CRM : ce qui sera créé ou mis à jour dans le CRM. BOB est prioritaire : ses données remplacent celles du CRM.',
        'CRM vers BOB : les clients du CRM (BobSync coché, avec un numéro de TVA) qui seront créés dans BOB sous le Nouveau code BOB ; vous pouvez modifier ce code.',
        '« Jamais sync. » = Oui : ne jamais synchroniser ce tiers ; il disparaît des propositions suivantes. Pour annuler, effacez Jamais sync. dans la Table de correspondance. Une cellule vide vaut non.',
        '« Pas cette fois » = Oui : ignorer cette ligne pour cette synchronisation seulement ; elle sera reproposée la prochaine fois.',
        '« Lier à l’ID CRM » : pour une ligne avec des candidats, choisissez un des Candidats, ou « nouveau » pour créer une nouvelle société dans le CRM.',
        'Champs personnels : Sel = Oui synchronise le champ vers le champ CRM choisi. Une Condition limite toute la synchronisation, sur toutes les feuilles, aux clients qui la remplissent.',
        'Remarque : texte libre, conservé avec le résultat.',
        'Exclus : ce qui n’est pas proposé, et pourquoi (pour information uniquement).',
        'Une fois tout vérifié, mettez « Les données de synchronisation sont correctes » sur Oui et complétez Vérifié par. Rien n’est appliqué avant.',
      ],
    },
    countLabels: { rows: 'Lignes', selected: 'Sélectionnés', noSync: 'Jamais sync.' },
    exclusionReasons: {
      supplier: 'Fournisseur uniquement (seuls les clients sont synchronisés)',
      'no-sync': 'Jamais sync. dans la table de correspondance',
      'bobsync-unticked': 'BobSync non coché dans le CRM',
      'not-customer': 'Le type dans le CRM n’est pas Client',
      'no-vat': 'Pas de numéro de TVA',
      'invalid-vat': 'Numéro de TVA non valide',
      'matches-bob-supplier': 'Même numéro de TVA qu’un fournisseur dans BOB',
      'matches-no-sync': 'Même numéro de TVA qu’un tiers marqué Jamais sync.',
      'duplicate-of-linked': 'Même numéro de TVA qu’une société déjà liée',
      'candidate-of-choice': 'Candidat sur une ligne à choisir (BOB vers CRM)',
      'in-sync': 'Déjà synchronisé (aucune modification)',
      'duplicate-in-crm': 'Même numéro de TVA qu’une autre société du CRM proposée pour création dans BOB',
    },
    matchedBy: { mapping: 'Table de correspondance', vat: 'N° TVA', bobid: 'Code BOB dans le CRM' },
    sides: { bob: 'BOB', crm: 'CRM' },
    fields: {
      name: 'Nom',
      name2: 'Nom 2',
      address1: 'Adresse',
      address2: 'Adresse 2',
      postcode: 'Code postal',
      locality: 'Localité',
      city: 'Localité',
      country: 'Pays',
      language: 'Langue',
      vat: 'N° TVA',
      phone: 'Téléphone',
      fax: 'Fax',
      email: 'E-mail',
      website: 'Site web',
      type: 'Type',
      status: 'Statut',
      bobId: 'Code BOB',
      person: 'Contact',
      firstName: 'Prénom',
      lastName: 'Nom',
      title: 'Fonction',
      mobile: 'GSM',
    },
    personalField: 'Champ personnel',
    empty: '(vide)',
    truncated: '… (tronqué)',
    vatReasons: {
      checksum: 'les chiffres de contrôle sont erronés',
      length: 'nombre de caractères incorrect',
      format: 'format incorrect',
      'unknown-prefix': 'pas un code pays de l’UE',
    },
    warnings: {
      invalidVat: 'Numéro de TVA non valide',
      possibleNameMatch: 'Correspondance possible par le nom',
      chooseByVat: 'Plusieurs sociétés du CRM ont ce numéro de TVA : choisissez-en une dans Lier à l’ID CRM',
      chooseByBobId: 'Plusieurs sociétés du CRM portent ce code BOB : choisissez-en une dans Lier à l’ID CRM',
      chooseSharedVat: (others, crmIds) =>
        `Le client BOB ${others} a le même numéro de TVA : liez le CRM ${crmIds} sur une seule de ces lignes, et choisissez nouveau ou Jamais sync. sur l’autre`,
    },
    fit: {
      continued: '{field} continue sur {into} : {to}',
      shortened: '{field} raccourci à {width} caractères : {to}',
      characters: '{field} : caractères que BOB ne peut pas conserver remplacés : {to}',
      'country-code': 'Pays {from} → {to}',
      'country-unknown': 'Pays {from} inconnu : laissé vide',
      person: 'Contact {person} : ',
    },
    validation: {
      errorTitle: 'Valeur non valide',
      listError: 'Choisissez une valeur dans la liste ou laissez la cellule vide.',
      flagPrompt: 'Oui pour l’activer ; une cellule vide vaut non.',
      conditionPrompt: 'Une condition limite toute la synchronisation, sur toutes les feuilles, aux clients qui la remplissent.',
    },
    conditionOperators: { '=': '=', '≠': '≠', contains: 'contient', 'starts with': 'commence par', empty: 'vide', 'not empty': 'non vide', '<': '<', '>': '>' },
    results: {
      applied: 'appliqué',
      wouldApply: 'serait appliqué',
      notRun: 'non exécuté',
      skipped: 'ignoré',
      failed: 'échec',
      skipReasons: {
        'no sync': 'jamais sync.',
        'not this time': 'pas cette fois',
        stale: 'modifié depuis l’export',
        'needs a choice': 'attend un choix',
        deleted: 'ligne supprimée',
        unchanged: 'inchangé',
      },
      condition: 'condition',
    },
    run: {
      title: 'bobsync — résultat de l’import',
      runId: 'Exécution',
      proposalId: 'Proposition',
      status: 'Statut',
      user: 'Appliqué par',
      startedAt: 'Commencé le',
      finishedAt: 'Terminé le',
      reviewedBy: 'Vérifié par',
      importedPath: 'Fichier importé',
      importedSha256: 'SHA-256 du fichier importé',
      times: 'Heures',
      counts: 'Nombres',
      statuses: { applied: 'appliqué', 'partially-applied': 'partiellement appliqué', 'dry run': 'essai (rien n’a été modifié)' },
      rows: 'Lignes',
      operations: 'Opérations',
      operationsApplied: 'Opérations exécutées',
      operationsEarlier: 'Opérations déjà faites par une exécution précédente',
      operationsFailed: 'Opérations en échec',
      operationsNotRun: 'Opérations non exécutées',
      appliedKind: 'Exécuté',
    },
    operations: {
      'crm-create-company': 'Créer la société dans le CRM',
      'crm-update-company': 'Mettre à jour la société dans le CRM',
      'crm-set-bobid': 'Enregistrer le code BOB dans le CRM',
      'bob-insert-customer': 'Créer le client dans BOB',
      'map-link': 'Enregistrer le lien dans la table de correspondance',
      'map-nosync': 'Enregistrer Jamais sync.',
      'map-clear-nosync': 'Effacer Jamais sync.',
      'pf-save': 'Enregistrer le réglage du champ personnel',
    },
    findings: {
      title: 'bobsync — constats de l’import',
      intro: 'Corrigez chaque constat dans ce classeur même (les cellules sont marquées en rouge, la colonne Constats dit ce qui ne va pas sur chaque ligne), puis renvoyez-le : il est importé comme l’original.',
      cell: 'Cellule',
      what: 'Ce qui ne va pas',
      todo: 'Que faire',
    },
  },
};

/** The texts of one language. */
export function textsFor(lang: Lang): WorkbookTexts {
  return TEXTS[lang];
}
