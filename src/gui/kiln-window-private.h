/* kiln-window-private.h: what the main window's files (kiln-window*.c)
 * share, and what the tests look at.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiln-bootlog-view.h"
#include "kiln-console-view.h"
#include "kiln-core.h"
#include "kiln-port-model.h"
#include "kiln-window.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_BANNER_INFO,
  KILN_BANNER_SUCCESS,
  KILN_BANNER_WARNING,
  KILN_BANNER_ERROR,
} KilnBannerKind;

typedef enum
{
  KILN_OUTCOME_NONE,
  KILN_OUTCOME_SUCCESS,
  KILN_OUTCOME_STOPPED,
  KILN_OUTCOME_FAILED,
} KilnOutcome;

struct _KilnWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkRevealer          *banner_revealer;
  GtkBox               *banner_box;
  GtkImage             *banner_icon;
  GtkLabel             *banner_label;
  GtkButton            *banner_retry_button;
  GtkButton            *banner_force_button;
  GtkPaned             *content_paned;
  GtkPaned             *main_paned;
  GtkWidget            *files_column;
  GtkListBox           *region_list;
  GtkLabel             *phase_label;
  GtkLabel             *speed_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *summary_revealer;
  GtkImage             *summary_icon;
  GtkLabel             *summary_label;
  GtkButton            *start_button;
  GtkButton            *stop_button;
  GtkMenuButton        *erase_button;
  GtkMenuButton        *read_button;
  GtkPopover           *erase_popover;
  GtkPopover           *read_popover;
  GtkCheckButton       *erase_whole_check;
  GtkCheckButton       *erase_range_check;
  GtkEntry             *erase_address_entry;
  GtkEntry             *erase_size_entry;
  GtkEntry             *read_address_entry;
  GtkEntry             *read_size_entry;
  GtkDropDown          *port_dropdown;
  GtkLabel             *port_details_label;
  GtkDropDown          *baud_dropdown;
  GtkDropDown          *chip_dropdown;
  GtkDropDown          *freq_dropdown;
  GtkDropDown          *mode_dropdown;
  GtkDropDown          *size_dropdown;
  GtkDropDown          *crystal_dropdown;
  GtkCheckButton       *keep_headers_check;
  GtkCheckButton       *erase_all_check;
  GtkStack             *device_stack;
  GtkLabel             *device_chip_label;
  GtkLabel             *device_mac_label;
  GtkLabel             *device_flash_label;
  GtkLabel             *device_crystal_label;
  GtkLabel             *device_loader_label;
  GtkWidget            *boot_check_box;    /* the boot check after a write */
  GtkLabel             *boot_check_label;
  GtkLabel             *boot_check_detail;
  GtkWidget            *boot_check_inspect; /* Inspect Flash, under a failed check */
  GtkStack             *bottom_stack;
  GtkWidget            *copy_log_button;
  GtkWidget            *clear_log_button;
  GtkTextView          *log_view;
  KilnBootlogView      *bootlog_view;
  KilnConsoleView      *console_view;
  GtkWidget            *firmware_grid;     /* AT+GMR: at, sdk, compiled, bin */
  GtkLabel             *firmware_labels[4];

  /* Owned references */
  KilnSettings         *settings;
  KilnPortModel        *ports;
  GFile                *project_file;
  KilnJob              *job;
  GCancellable         *cancellable;
  GPtrArray            *job_rows;          /* (element-type KilnRegionRow): job region → row */
  GtkFileChooserNative *chooser;
  char                 *read_path;
  char                 *last_log;

  /* State */
  KilnJobKind           job_kind;
  KilnJobKind           retry_kind;
  KilnOutcome           outcome;
  guint32               detected_flash_size;
  gint64                job_started_us;
  guint                 log_scroll_id;
  guint                 loading : 1;        /* applying a project: no chip defaults */
  guint                 layout_ok : 1;
  guint                 showing_results : 1;
  guint                 can_retry : 1;
  guint                 dirty : 1;
  guint                 log_follow : 1;
  guint                 close_confirmed : 1;

  /* Opening files, the recent projects menu */
  GFile                *pending_open;      /* opened once changes are saved or given up */
  GMenu                *project_section;   /* main menu: New Project, Open Recent */
  GSignalGroup         *port_item_signals; /* the selected port's details changing */
  int                   title_percent;     /* shown in the title, -1 for none */
  const KilnChipInfo   *job_chip;          /* the chip the running job found */
  guint                 recent_shown : 1;
  guint                 notified : 1;      /* a notification is up for this window */
  guint                 can_force : 1;     /* the banner offers Write Anyway */
  guint                 force_next : 1;    /* the next write job has the force option */
};

/* kiln-window-bootcheck.c */
void           kiln_window_show_boot_check  (KilnWindow      *self,
                                             KilnBootCheck   *check);
void           kiln_window_show_survey      (KilnWindow            *self,
                                             const KilnFlashSurvey *survey);

/* kiln-window.c */
void           kiln_window_revalidate       (KilnWindow      *self);
void           kiln_window_update_actions   (KilnWindow      *self);
void           kiln_window_update_title     (KilnWindow      *self);
void           kiln_window_show_banner      (KilnWindow      *self,
                                             KilnBannerKind   kind,
                                             const char      *message,
                                             gboolean         can_retry);
void           kiln_window_hide_banner      (KilnWindow      *self);
void           kiln_window_offer_force      (KilnWindow      *self);
void           kiln_window_log              (KilnWindow      *self,
                                             KilnLogLevel     level,
                                             const char      *message);
void           kiln_window_clear_rows       (KilnWindow      *self);
guint32        kiln_window_get_flash_size   (KilnWindow      *self);
const KilnChipInfo *kiln_window_get_chip    (KilnWindow      *self);
const char    *kiln_window_get_chip_name    (KilnWindow      *self);
void           kiln_window_set_dirty        (KilnWindow      *self,
                                             gboolean         dirty);

/* kiln-window-job.c */
gboolean       kiln_window_build_options    (KilnWindow      *self,
                                             KilnJobOptions  *options,
                                             GError         **error);
GPtrArray     *kiln_window_enabled_regions  (KilnWindow      *self,
                                             GPtrArray      **rows,
                                             GError         **error);
gboolean       kiln_window_start_write      (KilnWindow      *self,
                                             GError         **error);
void           kiln_window_start_job        (KilnWindow      *self,
                                             KilnJob         *job);

/* kiln-window-tools.c */
void           kiln_window_class_init_tools   (GtkWidgetClass       *widget_class);
void           kiln_window_tools_init         (KilnWindow           *self);
void           kiln_window_tools_port_changed (KilnWindow           *self);
void           kiln_window_tools_set_busy     (KilnWindow           *self,
                                               gboolean              busy);
void           kiln_window_tools_device_info  (KilnWindow           *self,
                                               const KilnDeviceInfo *info);
gboolean       kiln_window_get_write_setup    (KilnWindow           *self,
                                               KilnJobOptions       *options,
                                               GPtrArray           **regions,
                                               GError              **error);

/* kiln-window-project.c */
gboolean       kiln_window_import_at_release (KilnWindow      *self,
                                              GFile           *folder,
                                              GError         **error);
void           kiln_window_project_init      (KilnWindow      *self);

/* kiln-window-notify.c */
void           kiln_window_notify_init            (KilnWindow     *self);
void           kiln_window_notify_progress        (KilnWindow     *self,
                                                   double          fraction);
void           kiln_window_notify_finished        (KilnWindow     *self,
                                                   KilnJob        *job,
                                                   const char     *summary,
                                                   const GError   *error);

/* kiln-window-remote.c */
void           kiln_window_class_init_remote      (GtkWidgetClass *widget_class);
void           kiln_window_remote_init            (KilnWindow     *self);
void           kiln_window_remote_port_changed    (KilnWindow     *self);
void           kiln_window_remote_update_actions  (KilnWindow     *self);
void           kiln_window_add_remote_port        (KilnWindow     *self,
                                                   const char     *url);

/* kiln-window-drop.c */
void           kiln_window_drop_init         (KilnWindow      *self);
gboolean       kiln_window_drop_files        (KilnWindow      *self,
                                              GSList          *files);
gboolean       kiln_window_import_folder     (KilnWindow      *self,
                                              GFile           *folder,
                                              GError         **error);

/* kiln-window-actions.c */
typedef void (*KilnDiscardFunc) (KilnWindow *self);

void           kiln_window_class_init_actions (GtkWidgetClass *widget_class);
void           kiln_window_confirm_discard    (KilnWindow      *self,
                                               KilnDiscardFunc  then);
gboolean       kiln_window_start_read         (KilnWindow     *self,
                                               GFile          *file,
                                               GError        **error);

G_END_DECLS
