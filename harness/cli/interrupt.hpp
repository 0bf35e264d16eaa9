#pragma once
// SIGINT and SIGTERM during a run: the first stops new cases from starting,
// lets the running ones end (each within its own deadlines) and writes every
// report marked interrupted; the second exits at once, leaving results.jsonl
// with every case finished so far. Exit codes 130 and 143.
namespace stompspec::cli {

void install_interrupt_handlers();
// 0 while no signal came; else SIGINT or SIGTERM.
int interrupt_signal();

}  // namespace stompspec::cli
