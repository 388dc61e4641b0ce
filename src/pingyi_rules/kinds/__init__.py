"""The component kinds: one module per kind, each declaring its `KIND` (see `protocol.Kind`).

A kind module holds the kind's model, its compile step and evaluate step (the evaluate step returns an
`Outcome`, from which the tree compiler makes the trace entry) and declares what the rest of the
program needs to know: its Chinese label, its role for the reports' 加分 / 扣分 columns and how its
children's points reach it, how to get its children, the cases tables it reads. The registry
builds the union `Component` of the kinds' models, hence the ruleset model and its JSON schema.
A kind that must see every subject first (ballot validity, a nested ruleset) registers a
population pass while compiling (`compile.population`).

Adding a kind:
1. one module `kinds/<kind>.py`: the node's pydantic model (a `ComponentBase` with
   `kind: Literal["<kind>"]`), the compile step and a `KIND = KindSpec(...)`;
2. one line in `KINDS` in `kinds/registry.py` (and its model in the union written out for mypy
   beside it);
3. one docs page `docs/kinds/<kind>.md` (every key, a worked example), linked from the table of
   kinds in docs/ruleset-format.md;
4. one test file `tests/kinds/test_<kind>.py`, and a worked case in a `rulesets/**/*.cases.yaml`;
5. the schema regenerated: `pingyi schema -o schemas/ruleset.schema.json`.
`tests/kinds/test_registry.py` fails while any of these is missing.
"""
