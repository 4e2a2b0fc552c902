"""Amazon Translate's API as people script it: ListLanguages, terminologies, auto, settings."""
import sys
import urllib.request

from common import error_of, report, translate

client = translate()
name = sys.argv[1]
languages = client.list_languages()
spanish_names = client.list_languages(DisplayLanguageCode="es")
csv = "en,es\nRiverside Tram,Tranvía Ribereño\ncouncil,ayuntamiento\n".encode()
imported = client.import_terminology(Name=name, MergeStrategy="OVERWRITE", Description="conformance",
                                     TerminologyData={"File": csv, "Format": "CSV", "Directionality": "UNI"})
listed = [t["Name"] for t in client.list_terminologies()["TerminologyPropertiesList"]]
used = client.translate_text(Text="The Riverside Tram opens in March.", SourceLanguageCode="en",
                             TargetLanguageCode="es", TerminologyNames=[name])
got = client.get_terminology(Name=name, TerminologyDataFormat="CSV")
downloaded = urllib.request.urlopen(got["TerminologyDataLocation"]["Location"]).read().decode()
tmx = """<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>Harbour Board</seg></tuv><tuv xml:lang="es"><seg>Junta del Puerto</seg></tuv></tu></body></tmx>"""
tmx_imported = client.import_terminology(Name=name + "-tmx", MergeStrategy="OVERWRITE",
                                         TerminologyData={"File": tmx.encode(), "Format": "TMX"})
tsv_imported = client.import_terminology(Name=name + "-tsv", MergeStrategy="OVERWRITE",
                                         TerminologyData={"File": b"en\tes\nHarbour Board\tJunta Portuaria\n", "Format": "TSV"})
tmx_used = client.translate_text(Text="The Harbour Board met.", SourceLanguageCode="en", TargetLanguageCode="es",
                                 TerminologyNames=[name + "-tmx"])
auto = client.translate_text(Text="The council approved the new tram line on Wednesday.", SourceLanguageCode="auto",
                             TargetLanguageCode="es")
two = error_of(client.translate_text, Text="Hello.", SourceLanguageCode="en", TargetLanguageCode="es",
               TerminologyNames=[name, name + "-tmx"])
bad_setting = error_of(client.translate_text, Text="Hello.", SourceLanguageCode="en", TargetLanguageCode="es",
                       Settings={"Formality": "LOUD"})
masked = client.translate_text(Text="This is bullshit.", SourceLanguageCode="en", TargetLanguageCode="es",
                               Settings={"Profanity": "MASK", "Formality": "FORMAL"})
missing = error_of(client.translate_text, Text="Hello.", SourceLanguageCode="en", TargetLanguageCode="es",
                   TerminologyNames=["no-such-terminology"])
pair = error_of(client.translate_text, Text="Hello.", SourceLanguageCode="en", TargetLanguageCode="ja")
client.delete_terminology(Name=name)
after_delete = error_of(client.get_terminology, Name=name, TerminologyDataFormat="CSV")
report({
    "languages": [l["LanguageCode"] for l in languages["Languages"]],
    "spanishName": {l["LanguageCode"]: l["LanguageName"] for l in spanish_names["Languages"]}.get("en"),
    "imported": imported["TerminologyProperties"],
    "listed": listed,
    "used": {"text": used["TranslatedText"], "applied": used.get("AppliedTerminologies")},
    "downloaded": downloaded,
    "tmx": {"props": tmx_imported["TerminologyProperties"], "text": tmx_used["TranslatedText"]},
    "tsv": tsv_imported["TerminologyProperties"],
    "auto": {"source": auto["SourceLanguageCode"], "text": auto["TranslatedText"]},
    "two": two,
    "badSetting": bad_setting,
    "masked": {"text": masked["TranslatedText"], "applied": masked.get("AppliedSettings")},
    "missing": missing,
    "pair": pair,
    "afterDelete": after_delete,
})
