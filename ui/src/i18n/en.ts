// English texts. German (de.ts) must have exactly the same keys: the type and a test check it.
import type { ErrorCode } from "../platform/bindings";

export const en = {
  "app": {
    "name": "IdentDesk",
    "startupProblem": "IdentDesk started with a problem"
  },
  "nav": {
    "identifications": "Identifications",
    "create": "Create identification",
    "bulk": "Bulk import",
    "accounts": "Accounts",
    "audit": "Audit log"
  },
  "common": {
    "open": "Open",
    "savedTo": "Saved to {{path}}",
    "showInFolder": "Show in folder",
    "refresh": "Refresh",
    "copy": "Copy",
    "copied": "Copied",
    "cancel": "Cancel",
    "loading": "Loading…"
  },
  "templates": {
    "load": "Answer template",
    "choose": "Load a template…",
    "name": "Save answers as",
    "save": "Save template"
  },
  "preferences": {
    "language": "Language",
    "theme": "Theme",
    "system": "System",
    "light": "Light",
    "logs": "Logs",
    "dark": "Dark"
  },
  "sync": {
    "now": "Sync now",
    "last": "Last synced {{time}}",
    "changed": "{{count}} changed",
    "offline": "Offline – showing the cache",
    "progress": "Sync progress"
  },
  "accounts": {
    "title": "IDnow accounts",
    "empty": "No accounts yet. Add the one IDnow gave your company.",
    "name": "Name",
    "companyId": "Company ID",
    "environment": "Environment",
    "gatewayUrl": "Gateway URL",
    "goUrl": "User front-end URL",
    "apiUrl": "Test robots URL",
    "apiKey": "API key",
    "apiKeyHint": "Stored in your operating system's keychain. IdentDesk never shows it again.",
    "add": "Add account",
    "added": "Account {{name}} added. Its API key is in the keychain.",
    "created": "Added",
    "retention": "Keep personal data",
    "days": "days",
    "test": "Test connection",
    "connected": "{{name}} ({{shortcode}}), estimated waiting time {{seconds}} s",
    "environments": {
      "de-live": "Germany – live",
      "de-test": "Germany – test",
      "ch-live": "Switzerland – live",
      "white-label": "White-label host",
      "sandbox": "Built-in sandbox"
    }
  },
  "create": {
    "title": "Create identification",
    "account": "Account",
    "transactionNumber": "Transaction number",
    "transactionNumberHint": "Generated for you; letters, digits, - and _ only, at most 255.",
    "regenerate": "New number",
    "birthdayHint": "YYYY-MM-DD",
    "female": "Female",
    "male": "Male",
    "scenario": "Test scenario (robots)",
    "scenarioHint": "Puts the robot marker into custom field 5; the robots then play this outcome.",
    "sections": {
      "person": "Person",
      "address": "Address",
      "contact": "Contact",
      "custom": "Your own fields",
      "questions": "Pre-defined answers to questions"
    },
    "submit": "Create identification",
    "another": "Create another",
    "success": "Identification created",
    "updated": "Identification updated",
    "identId": "Ident-ID",
    "linkLong": "Link",
    "linkShort": "Short link",
    "linkEmbedded": "Embedded (iframe)",
    "qrHint": "Scan with a phone to open the short link.",
    "noAccount": "Add an account first.",
    "openDetail": "Open details"
  },
  "questions": {
    "none": "No pre-defined answers.",
    "add": "Add answer",
    "remove": "Remove answer",
    "key": "Question key",
    "type": "Type",
    "value": "Answer",
    "yes": "Yes",
    "no": "No",
    "types": {
      "text": "Text",
      "integer": "Whole number",
      "yesno": "Yes/no",
      "date": "Date",
      "country": "Country"
    },
    "hints": {
      "text": "e.g. Ärztin",
      "integer": "e.g. 3000",
      "yesno": "–",
      "date": "YYYY-MM-DD",
      "country": "DE"
    }
  },
  "list": {
    "title": "Identifications",
    "empty": "No identifications match. Create one, or change the filters.",
    "identId": "Ident-ID",
    "transactionNumber": "Transaction number",
    "person": "Person",
    "status": "Status",
    "account": "Account",
    "created": "Created",
    "search": "Search",
    "searchHint": "Name, number, Ident-ID, e-mail…",
    "from": "Created from",
    "to": "Created until",
    "sort": "Sort by",
    "direction": "Reverse the order",
    "exportCsv": "Export CSV",
    "withPersonalData": "Include names",
    "exported": "{{count}} rows exported.",
    "total": "{{count}} identifications",
    "final": "final",
    "preliminary": "preliminary",
    "sorts": {
      "created": "Created",
      "updated": "Last change",
      "name": "Name",
      "status": "Status",
      "transactionNumber": "Transaction number"
    },
    "statuses": {
      "outbox": "Not sent yet",
      "waiting": "Waiting for the person",
      "preliminary": "Preliminary results",
      "final": "Final results"
    },
    "states": {
      "outbox": "Not sent yet",
      "created": "Waiting for the person"
    }
  },
  "detail": {
    "back": "Back",
    "startRobots": "Start test robots",
    "robotsStarted": "The robots are on it. Sync in a few seconds to see the results.",
    "exportPdf": "PDF summary",
    "delete": "Delete at IDnow",
    "deleteTitle": "Delete at IDnow?",
    "deleteConsequence": "IDnow deletes identification {{id}} for good: its result, images, audio and signed documents are gone and cannot be restored. IdentDesk removes its personal data here too. The deletion is recorded in the audit log.",
    "deleteConfirm": "Delete for good",
    "reason": "Reason",
    "purged": "Personal data was removed from this computer (canceled, retention ended, or deleted).",
    "noResult": "No result yet. Sync to fetch it.",
    "person": "Person",
    "document": "Identity document",
    "contact": "Contact",
    "custom": "Your own fields",
    "questions": "Answers to questions",
    "timeline": "Timeline",
    "acceptance": "Four-eyes acceptance",
    "esign": "eSign documents",
    "archive": "Result archive",
    "created": "Created",
    "redacted": "blacked out",
    "updated": "Last change {{at}}"
  },
  "esign": {
    "noDefinitions": "This account has no eSign document definitions.",
    "optional": "optional",
    "file": "PDF file",
    "fileHint": "Choose, drop, or type the path of a PDF",
    "choose": "Choose…",
    "upload": "Upload",
    "progress": "Upload progress",
    "ourHash": "Our SHA-256 (display hash)",
    "idnowHash": "IDnow's hash",
    "match": "matches",
    "mismatch": "DOES NOT MATCH",
    "saveSigned": "Save signed PDF…"
  },
  "archive": {
    "fetch": "Fetch archive",
    "save": "Save ZIP…",
    "none": "Not fetched yet.",
    "signatureValid": "XML signature valid",
    "signatureInvalid": "XML signature INVALID"
  },
  "acceptance": {
    "waitForFinal": "Only a final result can be accepted or rejected.",
    "officer": "Your name (officer)",
    "note": "Note (why)",
    "proposeAccept": "Propose to accept",
    "proposeReject": "Propose to reject",
    "confirm": "Confirm as second officer",
    "proposedBy": "Proposed by {{officer}}",
    "confirmedBy": "confirmed by {{officer}}",
    "states": {
      "proposed": "Waiting for a second officer",
      "confirmed": "Confirmed",
      "voided": "Voided by a newer result"
    },
    "decisions": {
      "accept": "Accept",
      "reject": "Reject"
    }
  },
  "bulk": {
    "title": "Bulk import from CSV",
    "help": "One identification per row. The header names the fields, e.g.",
    "file": "CSV file",
    "preview": "Check the file",
    "valid": "{{count}} ready",
    "invalid": "{{count}} with errors",
    "line": "Line",
    "check": "Check",
    "ok": "ok",
    "errorAt": "Line {{line}}, {{field}}",
    "create": "Create {{count}} identifications",
    "progress": "Creation progress",
    "report": "{{created}} created, {{again}} sent before, {{skipped}} skipped for errors, {{failed}} failed."
  },
  "audit": {
    "title": "Audit log",
    "verify": "Verify",
    "intact": "Intact: {{count}} entries, none changed or removed.",
    "broken": "BROKEN: {{problem}}",
    "at": "When",
    "actor": "Who",
    "action": "Action",
    "subject": "Subject",
    "detail": "Detail",
    "actions": {
      "account": {
        "added": "Account added",
        "retention": {
          "changed": "Retention changed"
        },
        "synced": "Synced",
        "signing_key": {
          "set": "Signing key set"
        }
      },
      "identification": {
        "create": {
          "requested": "Creation requested",
          "refused": "Creation refused by IDnow"
        },
        "created": "Identification created",
        "purged": "Personal data purged",
        "deleted": "Deleted at IDnow",
        "copied": "Copied to another company",
        "robots": {
          "started": "Test robots started"
        },
        "archive": {
          "fetched": "Result archive fetched"
        }
      },
      "esign": {
        "uploaded": "eSign document uploaded",
        "signed": {
          "fetched": "Signed document fetched"
        }
      },
      "acceptance": {
        "proposed": "Decision proposed",
        "confirmed": "Decision confirmed"
      },
      "export": {
        "csv": "CSV exported",
        "summary_pdf": "PDF summary exported"
      },
      "template": {
        "saved": "Answer template saved",
        "deleted": "Answer template deleted"
      }
    }
  },
  "validation": {
    "required": "Required",
    "date": "Write the date as YYYY-MM-DD, e.g. 1975-12-20.",
    "email": "Check the address has the form name@example.de.",
    "transactionNumber": "Only letters a–z, A–Z, digits, - and _ (at most 255).",
    "url": "Write a full address starting with https://",
    "country": "Two capital letters (ISO 3166-1), e.g. DE, AT, CH.",
    "phone": "Country code and digits only, e.g. +4915112345678.",
    "integer": "A whole number, e.g. 3000.",
    "yesno": "Choose yes or no.",
    "questionKey": "Give the question's key."
  },
  "fields": {
    "firstname": "First name(s)",
    "lastname": "Last name",
    "birthday": "Date of birth",
    "birthplace": "Place of birth",
    "birthname": "Name at birth",
    "title": "Title",
    "gender": "Gender",
    "nationality": "Nationality",
    "street": "Street",
    "streetnumber": "House number",
    "zipcode": "Postcode",
    "city": "City",
    "country": "Country",
    "email": "E-mail",
    "mobilephone": "Mobile phone",
    "preferredLang": "Preferred language",
    "custom1": "Custom 1",
    "custom2": "Custom 2",
    "custom3": "Custom 3",
    "custom4": "Custom 4",
    "custom5": "Custom 5",
    "trackingid": "Tracking ID",
    "type": "Document type",
    "number": "Document number",
    "issuedby": "Issued by",
    "dateissued": "Issued on",
    "validuntil": "Valid until",
    "driversclasses": "Licence classes"
  },
  "leafStatus": {
    "MATCH": "match",
    "CHANGE": "changed",
    "NEW": "new",
    "REDACTION": "blacked out",
    "ORIGINAL": "as sent"
  },
  "results": {
    "SUCCESS": "Success",
    "SUCCESS_DATA_CHANGED": "Success, data changed",
    "FRAUD_SUSPICION_CONFIRMED": "Fraud confirmed",
    "CANCELED": "Canceled",
    "REVIEW_PENDING": "Review pending",
    "FRAUD_SUSPICION_PENDING": "Fraud suspected",
    "CHECK_PENDING": "Check pending",
    "ABORTED": "Aborted"
  },
  "resultExplained": {
    "SUCCESS": "The person was identified; the data matches what you sent. Final.",
    "SUCCESS_DATA_CHANGED": "The person was identified; some data differs from what you sent (see CHANGE below). Final.",
    "FRAUD_SUSPICION_CONFIRMED": "The review confirmed fraud. Final.",
    "CANCELED": "Canceled in review. IDnow deleted all personal data, images and audio, and so did IdentDesk.",
    "REVIEW_PENDING": "Done, waiting for the second agent's review. Preliminary: it usually becomes a success, rarely a cancellation.",
    "FRAUD_SUSPICION_PENDING": "The agent suspects fraud; a review follows. Preliminary.",
    "CHECK_PENDING": "Waiting for a manual check. Preliminary.",
    "ABORTED": "The attempt ended without a result; the person may try again."
  },
  "reasons": {
    "DATA_APPLICATION_ADDRESS": "The address in the application is wrong (permanent)",
    "DATA_APPLICATION_DATA": "The data in the application is wrong (permanent)",
    "DATA_ID_EXPIRED": "The identity document has expired",
    "OTHER_ABUSE": "Abuse",
    "OTHER_MISCELLANEOUS_PERMANENT": "Other reason (permanent)",
    "OTHER_MISCELLANEOUS_TEMPORARY": "Other reason (temporary)",
    "OTHER_TEST": "Test",
    "TECH_AUDIO": "Audio problem",
    "TECH_DISCONNECTED_VIDEO": "The video connection dropped",
    "TECH_DISCONNECTED_WEBSOCKET": "The connection dropped",
    "TECH_HOLOGRAM": "The holograms could not be checked",
    "TECH_ID_TYPE": "This document type is not accepted",
    "TECH_IDENT_CODE_DELIVERY": "The ident code could not be delivered",
    "TECH_INTERNAL_SERVER_ERROR": "A server error at IDnow",
    "TECH_INTERNET_CONNECTION": "The person's internet connection",
    "TECH_LIGHTING": "The lighting was too poor",
    "TECH_PHOTO": "The photo could not be taken",
    "TECH_TIMEOUT": "The session timed out (30 minutes)",
    "TECH_VIDEO": "Video problem",
    "USER_ABORT_WHILE_WAITING": "The person gave up while waiting",
    "USER_CANCELLATION": "The person cancelled",
    "USER_ID_NUMBER": "The ID number could not be read",
    "USER_IDENT_CODE": "The ident code was wrong",
    "USER_LANGUAGE": "No common language (permanent)",
    "USER_NO_ID": "The person had no valid ID",
    "USER_WRONG_PERSON": "The wrong person"
  },
  "scenarios": {
    "HAPPYPATH": "HAPPYPATH – success, nothing changed",
    "CHANGEALL": "CHANGEALL – success, every field changed",
    "CHANGEALLREVIEW": "CHANGEALLREVIEW – fields changed in review",
    "ABORTIDENT": "ABORTIDENT – aborted by the agent",
    "FRAUDIDENT": "FRAUDIDENT – fraud suspected, then confirmed",
    "FRAUDREVIEW": "FRAUDREVIEW – fraud found in review",
    "FRAUDOK": "FRAUDOK – suspicion cleared in review",
    "CANCELLED": "CANCELLED – success, then canceled in review",
    "LONGREVIEW": "LONGREVIEW – review after 24 hours",
    "HOLDCERTIFICATE": "HOLDCERTIFICATE – eSign result after 10 minutes"
  },
  errors: {
    INVALID_INPUT: "Please check your input",
    NOT_FOUND: "Not found",
    ALREADY_EXISTS: "Already exists",
    KEYCHAIN_UNAVAILABLE: "The keychain is not available",
    STORAGE_FAILED: "The local database failed",
    GATEWAY_UNREACHABLE: "IDnow cannot be reached. Your input is kept: check the network and try again.",
    GATEWAY_UNAUTHORIZED: "IDnow refused the API key. Check the account's company ID and API key.",
    GATEWAY_REJECTED: "IDnow refused the request",
    IDENTIFICATION_FINISHED: "This transaction number belongs to a finished identification. Use a new number.",
    FILE_UNUSABLE: "The file could not be read or written. Check the path and the free disk space.",
    DATA_FOLDER_IN_USE: "Another IdentDesk is using this data folder. Close it and try again.",
    CACHE_READ_ONLY: "The local cache is damaged and open for reading only. See the message for what to do.",
    INTEGRITY_FAILED: "A check of the data failed (a hash or a signature does not match). Do not rely on it; see the message.",
    CANCELLED: "Stopped. What was done so far is kept.",
    INTERNAL: "Something went wrong inside IdentDesk",
  } satisfies Record<ErrorCode, string>,
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
