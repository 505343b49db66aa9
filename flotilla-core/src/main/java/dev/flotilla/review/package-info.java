/**
 * The review job behind {@code flotilla review}: nano classifies files, the flagship plans, mini
 * sub-agents review files and chunks with the repository tools, the flagship judges; the report
 * renders as Markdown, SARIF 2.1.0 or JSON.
 */
@NullMarked
package dev.flotilla.review;

import org.jspecify.annotations.NullMarked;
