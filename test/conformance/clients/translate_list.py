"""ListTerminologies, paged with MaxResults=1 to follow NextToken."""
from common import report, translate

names = []
for page in translate().get_paginator("list_terminologies").paginate(PaginationConfig={"PageSize": 1}):
    names.extend(t["Name"] for t in page["TerminologyPropertiesList"])
report({"names": names})
