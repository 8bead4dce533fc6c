// Deutsche Texte; gleiche Schlüssel wie en.ts.
import type { Messages } from "./en";

export const de: Messages = {
  "app": {
    "name": "IdentDesk",
    "startupProblem": "IdentDesk ist mit einem Problem gestartet"
  },
  "nav": {
    "identifications": "Identifizierungen",
    "create": "Identifizierung anlegen",
    "bulk": "Massenimport",
    "accounts": "Konten",
    "audit": "Prüfprotokoll"
  },
  "common": {
    "open": "Öffnen",
    "savedTo": "Gespeichert unter {{path}}",
    "showInFolder": "Im Ordner zeigen",
    "refresh": "Aktualisieren",
    "copy": "Kopieren",
    "copied": "Kopiert",
    "cancel": "Abbrechen",
    "loading": "Lädt…"
  },
  "templates": {
    "load": "Antwortvorlage",
    "choose": "Vorlage laden…",
    "name": "Antworten speichern als",
    "save": "Vorlage speichern"
  },
  "preferences": {
    "language": "Sprache",
    "theme": "Darstellung",
    "system": "System",
    "light": "Hell",
    "logs": "Logdateien",
    "dark": "Dunkel"
  },
  "sync": {
    "now": "Jetzt synchronisieren",
    "last": "Zuletzt synchronisiert {{time}}",
    "changed": "{{count}} geändert",
    "offline": "Offline – zeigt den Zwischenspeicher",
    "progress": "Fortschritt der Synchronisierung"
  },
  "accounts": {
    "title": "IDnow-Konten",
    "empty": "Noch keine Konten. Legen Sie das Konto an, das IDnow Ihrem Unternehmen gegeben hat.",
    "name": "Name",
    "companyId": "Company-ID",
    "environment": "Umgebung",
    "gatewayUrl": "Gateway-URL",
    "goUrl": "URL der Nutzeroberfläche",
    "apiUrl": "URL der Testroboter",
    "apiKey": "API-Schlüssel",
    "apiKeyHint": "Wird im Schlüsselbund Ihres Betriebssystems gespeichert. IdentDesk zeigt ihn nie wieder an.",
    "add": "Konto hinzufügen",
    "added": "Konto {{name}} hinzugefügt. Der API-Schlüssel liegt im Schlüsselbund.",
    "created": "Angelegt",
    "retention": "Personenbezogene Daten behalten",
    "days": "Tage",
    "test": "Verbindung testen",
    "connected": "{{name}} ({{shortcode}}), geschätzte Wartezeit {{seconds}} s",
    "environments": {
      "de-live": "Deutschland – Produktion",
      "de-test": "Deutschland – Test",
      "ch-live": "Schweiz – Produktion",
      "white-label": "White-Label-Host",
      "sandbox": "Eingebaute Sandbox"
    }
  },
  "create": {
    "title": "Identifizierung anlegen",
    "account": "Konto",
    "transactionNumber": "Transaktionsnummer",
    "transactionNumberHint": "Automatisch erzeugt; nur Buchstaben, Ziffern, - und _, höchstens 255 Zeichen.",
    "regenerate": "Neue Nummer",
    "birthdayHint": "JJJJ-MM-TT",
    "female": "Weiblich",
    "male": "Männlich",
    "scenario": "Testszenario (Roboter)",
    "scenarioHint": "Setzt die Robotermarke in das eigene Feld 5; die Roboter spielen dann diesen Ausgang.",
    "sections": {
      "person": "Person",
      "address": "Adresse",
      "contact": "Kontakt",
      "custom": "Eigene Felder",
      "questions": "Vorbelegte Antworten auf Fragen"
    },
    "submit": "Identifizierung anlegen",
    "another": "Weitere anlegen",
    "success": "Identifizierung angelegt",
    "updated": "Identifizierung aktualisiert",
    "identId": "Ident-ID",
    "linkLong": "Link",
    "linkShort": "Kurzlink",
    "linkEmbedded": "Eingebettet (iframe)",
    "qrHint": "Mit dem Telefon scannen, um den Kurzlink zu öffnen.",
    "noAccount": "Legen Sie zuerst ein Konto an.",
    "openDetail": "Details öffnen"
  },
  "questions": {
    "none": "Keine vorbelegten Antworten.",
    "add": "Antwort hinzufügen",
    "remove": "Antwort entfernen",
    "key": "Schlüssel der Frage",
    "type": "Typ",
    "value": "Antwort",
    "yes": "Ja",
    "no": "Nein",
    "types": {
      "text": "Text",
      "integer": "Ganze Zahl",
      "yesno": "Ja/Nein",
      "date": "Datum",
      "country": "Land"
    },
    "hints": {
      "text": "z. B. Ärztin",
      "integer": "z. B. 3000",
      "yesno": "–",
      "date": "JJJJ-MM-TT",
      "country": "DE"
    }
  },
  "list": {
    "title": "Identifizierungen",
    "empty": "Keine Identifizierungen gefunden. Legen Sie eine an oder ändern Sie die Filter.",
    "identId": "Ident-ID",
    "transactionNumber": "Transaktionsnummer",
    "person": "Person",
    "status": "Status",
    "account": "Konto",
    "created": "Angelegt",
    "search": "Suche",
    "searchHint": "Name, Nummer, Ident-ID, E-Mail…",
    "from": "Angelegt ab",
    "to": "Angelegt bis",
    "sort": "Sortieren nach",
    "direction": "Reihenfolge umkehren",
    "exportCsv": "CSV exportieren",
    "withPersonalData": "Mit Namen",
    "exported": "{{count}} Zeilen exportiert.",
    "total": "{{count}} Identifizierungen",
    "final": "endgültig",
    "preliminary": "vorläufig",
    "sorts": {
      "created": "Angelegt",
      "updated": "Letzte Änderung",
      "name": "Name",
      "status": "Status",
      "transactionNumber": "Transaktionsnummer"
    },
    "statuses": {
      "outbox": "Noch nicht gesendet",
      "waiting": "Wartet auf die Person",
      "preliminary": "Vorläufige Ergebnisse",
      "final": "Endgültige Ergebnisse"
    },
    "states": {
      "outbox": "Noch nicht gesendet",
      "created": "Wartet auf die Person"
    }
  },
  "detail": {
    "back": "Zurück",
    "startRobots": "Testroboter starten",
    "robotsStarted": "Die Roboter arbeiten. In ein paar Sekunden synchronisieren, um die Ergebnisse zu sehen.",
    "exportPdf": "PDF-Zusammenfassung",
    "delete": "Bei IDnow löschen",
    "deleteTitle": "Bei IDnow löschen?",
    "deleteConsequence": "IDnow löscht die Identifizierung {{id}} endgültig: Ergebnis, Bilder, Ton und signierte Dokumente sind weg und nicht wiederherstellbar. IdentDesk entfernt die personenbezogenen Daten auch hier. Die Löschung steht im Prüfprotokoll.",
    "deleteConfirm": "Endgültig löschen",
    "reason": "Grund",
    "purged": "Die personenbezogenen Daten wurden von diesem Computer entfernt (storniert, Aufbewahrung abgelaufen oder gelöscht).",
    "noResult": "Noch kein Ergebnis. Synchronisieren, um es abzurufen.",
    "person": "Person",
    "document": "Ausweisdokument",
    "contact": "Kontakt",
    "custom": "Eigene Felder",
    "questions": "Antworten auf Fragen",
    "timeline": "Verlauf",
    "acceptance": "Vier-Augen-Freigabe",
    "esign": "eSign-Dokumente",
    "archive": "Ergebnisarchiv",
    "created": "Angelegt",
    "redacted": "geschwärzt",
    "updated": "Letzte Änderung {{at}}"
  },
  "esign": {
    "noDefinitions": "Dieses Konto hat keine eSign-Dokumentdefinitionen.",
    "optional": "optional",
    "file": "PDF-Datei",
    "fileHint": "PDF wählen, ablegen oder Pfad eingeben",
    "choose": "Wählen…",
    "upload": "Hochladen",
    "progress": "Fortschritt des Hochladens",
    "ourHash": "Unser SHA-256 (Anzeige-Hash)",
    "idnowHash": "Hash von IDnow",
    "match": "stimmt überein",
    "mismatch": "STIMMT NICHT ÜBEREIN",
    "saveSigned": "Signiertes PDF speichern…"
  },
  "archive": {
    "fetch": "Archiv abrufen",
    "save": "ZIP speichern…",
    "none": "Noch nicht abgerufen.",
    "signatureValid": "XML-Signatur gültig",
    "signatureInvalid": "XML-Signatur UNGÜLTIG"
  },
  "acceptance": {
    "waitForFinal": "Nur ein endgültiges Ergebnis kann freigegeben oder abgelehnt werden.",
    "officer": "Ihr Name (Sachbearbeitung)",
    "note": "Notiz (Begründung)",
    "proposeAccept": "Freigabe vorschlagen",
    "proposeReject": "Ablehnung vorschlagen",
    "confirm": "Als zweite Person bestätigen",
    "proposedBy": "Vorgeschlagen von {{officer}}",
    "confirmedBy": "bestätigt von {{officer}}",
    "states": {
      "proposed": "Wartet auf eine zweite Person",
      "confirmed": "Bestätigt",
      "voided": "Durch ein neueres Ergebnis hinfällig"
    },
    "decisions": {
      "accept": "Freigeben",
      "reject": "Ablehnen"
    }
  },
  "bulk": {
    "title": "Massenimport aus CSV",
    "help": "Eine Identifizierung pro Zeile. Die Kopfzeile nennt die Felder, z. B.",
    "file": "CSV-Datei",
    "preview": "Datei prüfen",
    "valid": "{{count}} bereit",
    "invalid": "{{count}} mit Fehlern",
    "line": "Zeile",
    "check": "Prüfung",
    "ok": "ok",
    "errorAt": "Zeile {{line}}, {{field}}",
    "create": "{{count}} Identifizierungen anlegen",
    "progress": "Fortschritt der Anlage",
    "report": "{{created}} angelegt, {{again}} schon gesendet, {{skipped}} wegen Fehlern übersprungen, {{failed}} fehlgeschlagen."
  },
  "audit": {
    "title": "Prüfprotokoll",
    "verify": "Prüfen",
    "intact": "Unverändert: {{count}} Einträge, keiner geändert oder entfernt.",
    "broken": "BESCHÄDIGT: {{problem}}",
    "at": "Wann",
    "actor": "Wer",
    "action": "Aktion",
    "subject": "Betreff",
    "detail": "Details",
    "actions": {
      "account": {
        "added": "Konto hinzugefügt",
        "retention": {
          "changed": "Aufbewahrung geändert"
        },
        "synced": "Synchronisiert",
        "signing_key": {
          "set": "Signaturschlüssel gesetzt"
        }
      },
      "identification": {
        "create": {
          "requested": "Anlage angefordert",
          "refused": "Anlage von IDnow abgelehnt"
        },
        "created": "Identifizierung angelegt",
        "purged": "Personenbezogene Daten gelöscht",
        "deleted": "Bei IDnow gelöscht",
        "copied": "In anderes Unternehmen kopiert",
        "robots": {
          "started": "Testroboter gestartet"
        },
        "archive": {
          "fetched": "Ergebnisarchiv abgerufen"
        }
      },
      "esign": {
        "uploaded": "eSign-Dokument hochgeladen",
        "signed": {
          "fetched": "Signiertes Dokument abgerufen"
        }
      },
      "acceptance": {
        "proposed": "Entscheidung vorgeschlagen",
        "confirmed": "Entscheidung bestätigt"
      },
      "export": {
        "csv": "CSV exportiert",
        "summary_pdf": "PDF-Zusammenfassung exportiert"
      },
      "template": {
        "saved": "Antwortvorlage gespeichert",
        "deleted": "Antwortvorlage gelöscht"
      }
    }
  },
  "validation": {
    "required": "Pflichtfeld",
    "date": "Datum als JJJJ-MM-TT schreiben, z. B. 1975-12-20.",
    "email": "Bitte prüfen: Die Adresse muss die Form name@beispiel.de haben.",
    "transactionNumber": "Nur Buchstaben a–z, A–Z, Ziffern, - und _ (höchstens 255).",
    "url": "Vollständige Adresse mit https:// angeben",
    "country": "Zwei Großbuchstaben (ISO 3166-1), z. B. DE, AT, CH.",
    "phone": "Ländervorwahl und nur Ziffern, z. B. +4915112345678.",
    "integer": "Eine ganze Zahl, z. B. 3000.",
    "yesno": "Ja oder Nein wählen.",
    "questionKey": "Den Schlüssel der Frage angeben."
  },
  "fields": {
    "firstname": "Vorname(n)",
    "lastname": "Nachname",
    "birthday": "Geburtsdatum",
    "birthplace": "Geburtsort",
    "birthname": "Geburtsname",
    "title": "Titel",
    "gender": "Geschlecht",
    "nationality": "Staatsangehörigkeit",
    "street": "Straße",
    "streetnumber": "Hausnummer",
    "zipcode": "Postleitzahl",
    "city": "Ort",
    "country": "Land",
    "email": "E-Mail",
    "mobilephone": "Mobiltelefon",
    "preferredLang": "Bevorzugte Sprache",
    "custom1": "Eigenes Feld 1",
    "custom2": "Eigenes Feld 2",
    "custom3": "Eigenes Feld 3",
    "custom4": "Eigenes Feld 4",
    "custom5": "Eigenes Feld 5",
    "trackingid": "Tracking-ID",
    "type": "Dokumenttyp",
    "number": "Dokumentnummer",
    "issuedby": "Ausgestellt von",
    "dateissued": "Ausgestellt am",
    "validuntil": "Gültig bis",
    "driversclasses": "Führerscheinklassen"
  },
  "leafStatus": {
    "MATCH": "stimmt",
    "CHANGE": "geändert",
    "NEW": "neu",
    "REDACTION": "geschwärzt",
    "ORIGINAL": "wie gesendet"
  },
  "results": {
    "SUCCESS": "Erfolgreich",
    "SUCCESS_DATA_CHANGED": "Erfolgreich, Daten geändert",
    "FRAUD_SUSPICION_CONFIRMED": "Betrug bestätigt",
    "CANCELED": "Storniert",
    "REVIEW_PENDING": "Prüfung ausstehend",
    "FRAUD_SUSPICION_PENDING": "Betrugsverdacht",
    "CHECK_PENDING": "Kontrolle ausstehend",
    "ABORTED": "Abgebrochen"
  },
  "resultExplained": {
    "SUCCESS": "Die Person wurde identifiziert; die Daten stimmen mit Ihren überein. Endgültig.",
    "SUCCESS_DATA_CHANGED": "Die Person wurde identifiziert; einige Daten weichen ab (siehe GEÄNDERT unten). Endgültig.",
    "FRAUD_SUSPICION_CONFIRMED": "Die Prüfung hat Betrug bestätigt. Endgültig.",
    "CANCELED": "In der Prüfung storniert. IDnow hat alle personenbezogenen Daten, Bilder und Ton gelöscht, IdentDesk ebenso.",
    "REVIEW_PENDING": "Abgeschlossen, wartet auf die Prüfung durch einen zweiten Agenten. Vorläufig: meist folgt Erfolg, selten eine Stornierung.",
    "FRAUD_SUSPICION_PENDING": "Der Agent vermutet Betrug; eine Prüfung folgt. Vorläufig.",
    "CHECK_PENDING": "Wartet auf eine manuelle Kontrolle. Vorläufig.",
    "ABORTED": "Der Versuch endete ohne Ergebnis; die Person kann es erneut versuchen."
  },
  "reasons": {
    "DATA_APPLICATION_ADDRESS": "Die Adresse im Antrag ist falsch (dauerhaft)",
    "DATA_APPLICATION_DATA": "Die Daten im Antrag sind falsch (dauerhaft)",
    "DATA_ID_EXPIRED": "Das Ausweisdokument ist abgelaufen",
    "OTHER_ABUSE": "Missbrauch",
    "OTHER_MISCELLANEOUS_PERMANENT": "Sonstiger Grund (dauerhaft)",
    "OTHER_MISCELLANEOUS_TEMPORARY": "Sonstiger Grund (vorübergehend)",
    "OTHER_TEST": "Test",
    "TECH_AUDIO": "Tonproblem",
    "TECH_DISCONNECTED_VIDEO": "Die Videoverbindung ist abgebrochen",
    "TECH_DISCONNECTED_WEBSOCKET": "Die Verbindung ist abgebrochen",
    "TECH_HOLOGRAM": "Die Hologramme konnten nicht geprüft werden",
    "TECH_ID_TYPE": "Dieser Dokumenttyp wird nicht akzeptiert",
    "TECH_IDENT_CODE_DELIVERY": "Der Ident-Code konnte nicht zugestellt werden",
    "TECH_INTERNAL_SERVER_ERROR": "Ein Serverfehler bei IDnow",
    "TECH_INTERNET_CONNECTION": "Die Internetverbindung der Person",
    "TECH_LIGHTING": "Die Beleuchtung war zu schlecht",
    "TECH_PHOTO": "Das Foto konnte nicht aufgenommen werden",
    "TECH_TIMEOUT": "Die Sitzung ist abgelaufen (30 Minuten)",
    "TECH_VIDEO": "Videoproblem",
    "USER_ABORT_WHILE_WAITING": "Die Person hat beim Warten aufgegeben",
    "USER_CANCELLATION": "Die Person hat abgebrochen",
    "USER_ID_NUMBER": "Die Ausweisnummer war nicht lesbar",
    "USER_IDENT_CODE": "Der Ident-Code war falsch",
    "USER_LANGUAGE": "Keine gemeinsame Sprache (dauerhaft)",
    "USER_NO_ID": "Die Person hatte keinen gültigen Ausweis",
    "USER_WRONG_PERSON": "Die falsche Person"
  },
  "scenarios": {
    "HAPPYPATH": "HAPPYPATH – Erfolg, nichts geändert",
    "CHANGEALL": "CHANGEALL – Erfolg, alle Felder geändert",
    "CHANGEALLREVIEW": "CHANGEALLREVIEW – Felder in der Prüfung geändert",
    "ABORTIDENT": "ABORTIDENT – vom Agenten abgebrochen",
    "FRAUDIDENT": "FRAUDIDENT – Betrugsverdacht, dann bestätigt",
    "FRAUDREVIEW": "FRAUDREVIEW – Betrug in der Prüfung gefunden",
    "FRAUDOK": "FRAUDOK – Verdacht in der Prüfung ausgeräumt",
    "CANCELLED": "CANCELLED – Erfolg, dann in der Prüfung storniert",
    "LONGREVIEW": "LONGREVIEW – Prüfung nach 24 Stunden",
    "HOLDCERTIFICATE": "HOLDCERTIFICATE – eSign-Ergebnis nach 10 Minuten"
  },
  errors: {
    INVALID_INPUT: "Bitte Eingaben prüfen",
    NOT_FOUND: "Nicht gefunden",
    ALREADY_EXISTS: "Existiert bereits",
    KEYCHAIN_UNAVAILABLE: "Der Schlüsselbund ist nicht verfügbar",
    STORAGE_FAILED: "Die lokale Datenbank hat einen Fehler gemeldet",
    GATEWAY_UNREACHABLE: "IDnow ist nicht erreichbar. Ihre Eingaben bleiben erhalten: Netzwerk prüfen und erneut versuchen.",
    GATEWAY_UNAUTHORIZED: "IDnow hat den API-Schlüssel abgelehnt. Company-ID und API-Schlüssel des Kontos prüfen.",
    GATEWAY_REJECTED: "IDnow hat die Anfrage abgelehnt",
    IDENTIFICATION_FINISHED: "Diese Transaktionsnummer gehört zu einer abgeschlossenen Identifizierung. Neue Nummer verwenden.",
    FILE_UNUSABLE: "Die Datei konnte nicht gelesen oder geschrieben werden. Pfad und freien Speicherplatz prüfen.",
    DATA_FOLDER_IN_USE: "Ein anderes IdentDesk verwendet diesen Datenordner. Schließen Sie es und versuchen Sie es erneut.",
    CACHE_READ_ONLY: "Der lokale Zwischenspeicher ist beschädigt und nur lesbar. Die Meldung sagt, was zu tun ist.",
    INTEGRITY_FAILED: "Eine Prüfung der Daten ist fehlgeschlagen (Hash oder Signatur passen nicht). Nicht darauf verlassen; siehe Meldung.",
    CANCELLED: "Abgebrochen. Bisher Erledigtes bleibt erhalten.",
    INTERNAL: "In IdentDesk ist ein Fehler aufgetreten",
  },
};
